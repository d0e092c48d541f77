package chorus.cli.bucardo;

import chorus.cli.home.DeviceHome;
import chorus.core.protocol.CatalogAddress;
import chorus.core.id.DeviceId;
import chorus.core.io.AtomicFile;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The catalog addresses peers announced (a JDBC URL and a user, never a password), kept in the device
 * home ({@code peer-catalogs.json}) so that {@code chorus bucardo} knows every database without retyping.
 * Only what passed {@link CatalogAddress}'s checks is ever written.
 */
public final class PeerCatalogs {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One announcement as stored. */
  public record Announced(String device, String deviceName, String jdbcUrl, String user) {}

  private PeerCatalogs() {}

  static Path file(DeviceHome home) {
    return home.dir().resolve("peer-catalogs.json");
  }

  public static List<Announced> read(DeviceHome home) throws IOException {
    Path f = file(home);
    if (!Files.isRegularFile(f)) {
      return List.of();
    }
    List<Announced> out = new ArrayList<>();
    Map<String, Announced> all = JSON.readValue(Files.readString(f, StandardCharsets.UTF_8), new TypeReference<>() {});
    for (Announced a : all.values()) {
      try {
        CatalogAddress.of(a.jdbcUrl(), a.user()); // the file is ours, but a hand edit must not slip past the checks
        out.add(a);
      } catch (IllegalArgumentException e) {
        // skipped: a bad entry is not a reason to refuse the others
      }
    }
    return out;
  }

  /** Records what {@code device} announced; returns whether that changed the file. Synchronized per class: one daemon per home. */
  public static synchronized boolean record(DeviceHome home, DeviceId device, String deviceName, CatalogAddress address)
      throws IOException {
    Path f = file(home);
    Map<String, Announced> all = Files.isRegularFile(f)
        ? new TreeMap<>(JSON.readValue(Files.readString(f, StandardCharsets.UTF_8), new TypeReference<Map<String, Announced>>() {}))
        : new TreeMap<>();
    Announced now = new Announced(device.toString(), deviceName, address.jdbcUrl(), address.user());
    if (now.equals(all.get(device.toString()))) {
      return false;
    }
    all.put(device.toString(), now);
    AtomicFile.write(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all), AtomicFile.OWNER_ONLY);
    return true;
  }
}
