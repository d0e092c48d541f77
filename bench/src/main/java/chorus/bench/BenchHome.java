package chorus.bench;

import chorus.cli.config.ConfigStore;
import chorus.cli.home.DeviceHome;
import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.FolderId;
import chorus.transport.tls.DeviceIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Makes a device home for benchmarks: identity, and a config with the given folders.
 *
 * <p>Usage: {@code BenchHome HOME FOLDER_ID=PATH...}. The index directory is not touched.
 */
public final class BenchHome {
  private BenchHome() {}

  public static void main(String[] args) throws Exception {
    DeviceHome home = new DeviceHome(Path.of(args[0]).toAbsolutePath());
    Files.createDirectories(home.dir());
    if (!Files.exists(home.certFile())) {
      DeviceIdentity id = DeviceIdentity.generate(Instant.now(), new SecureRandom());
      Files.writeString(home.certFile(), id.certificatePem());
      // PKCS#8: DeviceIdentity.load cannot read the SEC1 form privateKeyPem() writes (see the lead's notes).
      Files.writeString(home.keyFile(), "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(id.privateKey().getEncoded())
          + "\n-----END PRIVATE KEY-----\n");
    }
    List<FolderConfig> folders = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      folders.add(new FolderConfig(FolderId.of(kv[0]), Path.of(kv[1]).toAbsolutePath().toString(),
          FolderType.SEND_RECEIVE, List.of()));
    }
    new ConfigStore(home.configFile()).save(new ChorusConfig("bench", TcpAddress.parseUri("tcp://0.0.0.0:22200"),
        TcpAddress.parseHostPort("127.0.0.1:22201"), "bench-api-key-0123456789", folders, List.of(), null));
    System.out.println("home " + home.dir() + " with " + folders.size() + " folders");
  }
}
