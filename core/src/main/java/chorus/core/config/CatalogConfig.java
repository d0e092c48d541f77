package chorus.core.config;

import java.util.Objects;

/**
 * How to reach this host's catalog database (the later catalog-bridge issue fills in the rest).
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/archive_production}
 * @param user the database role chorus connects as
 */
public record CatalogConfig(String jdbcUrl, String user) {
  public CatalogConfig {
    Objects.requireNonNull(jdbcUrl, "catalog jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("catalog jdbcUrl \"" + jdbcUrl + "\" must start with jdbc:postgresql:");
    }
  }
}
