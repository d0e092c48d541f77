package chorus.cli.engine;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A test that runs a {@link SyncCluster} in its own temp directory; the cluster is stopped after each test. */
abstract class ClusterTest {
  @TempDir Path tmp;
  SyncCluster cluster;

  @AfterEach
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }
}
