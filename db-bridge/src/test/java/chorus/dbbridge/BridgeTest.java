package chorus.dbbridge;

import chorus.dbbridge.testing.PgCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class of the bridge: one real PostgreSQL for the class (with the bridge's login role), a temp
 * directory per test; each test makes its own {@link BridgeFixture} (a fresh archive database).
 */
abstract class BridgeTest {
  static PgCluster pg;

  @TempDir Path dir;

  @BeforeAll
  static void startDatabase() throws Exception {
    pg = PgCluster.start();
    BridgeFixture.createUser(pg);
  }

  @AfterAll
  static void stopDatabase() {
    pg.close();
  }
}
