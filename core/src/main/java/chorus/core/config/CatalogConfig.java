package chorus.core.config;

import chorus.core.id.FolderId;
import java.util.Objects;

/**
 * This host's catalog database and how its song rows link to files. Set by {@code chorus catalog set};
 * absent (null in {@link ChorusConfig}) while the bridge is off.
 *
 * <p>No password is ever held here: it is read at connect time from {@code passwordFile}, or from
 * {@code ~/.pgpass} as libpq reads it, so it never appears in the config, a log line or {@code ps}.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/archive_production}; peers learn it (never a
 *     password) so that the host running Bucardo knows every database
 * @param user the database role chorus connects as
 * @param passwordFile a file holding the password (first line), or null to use {@code ~/.pgpass}
 * @param folder the folder whose files the catalog describes; null when the device has exactly one folder
 * @param link how a path maps to a song row (null: {@link CatalogLink#DEFAULT})
 */
public record CatalogConfig(String jdbcUrl, String user, String passwordFile, FolderId folder, CatalogLink link) {
  public CatalogConfig {
    Objects.requireNonNull(jdbcUrl, "catalog jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("catalog jdbcUrl \"" + jdbcUrl + "\" must start with jdbc:postgresql:");
    }
    if (jdbcUrl.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      throw new IllegalArgumentException("catalog jdbcUrl must not hold a password; use --password-file or ~/.pgpass");
    }
    if (user != null && user.isBlank()) {
      user = null;
    }
    if (passwordFile != null && passwordFile.isBlank()) {
      passwordFile = null;
    }
    link = link == null ? CatalogLink.DEFAULT : link;
  }

  public CatalogConfig(String jdbcUrl, String user) {
    this(jdbcUrl, user, null, null, null);
  }
}
