package chorus.dbbridge.bucardo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * The conflict customcode chorus installs ({@code chorus_newest_row.pl}): per row, the version with the
 * newest {@code updated_at} wins; ties go to the first host in the fixed order, which is written into the
 * Perl so that every run of the sync decides the same way.
 */
public final class ConflictCode {
  private ConflictCode() {}

  /** The Perl source for {@code setup}'s hosts. */
  public static String source(BucardoSetup setup) {
    String order = setup.ordered().stream().map(n -> "'" + n.name() + "'").collect(Collectors.joining(", "));
    return template().replace("__HOST_ORDER__", order);
  }

  private static String template() {
    try (InputStream in = ConflictCode.class.getResourceAsStream("chorus_newest_row.pl")) {
      if (in == null) {
        throw new IllegalStateException("chorus_newest_row.pl is missing from the db-bridge jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
