package chorus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.CliRun;
import chorus.cli.CliRun.Result;
import chorus.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdCommandTest {
  @TempDir Path home;

  @Test
  void withoutAnIdentityItSaysToRunInit() {
    Result r = new CliRun(home.resolve("none")).run("id");
    assertEquals(ExitCodes.CONFIG, r.code(), r.toString());
    assertTrue(r.err().contains("run 'chorus init' first"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertEquals("", r.out());
  }

  @Test
  void aDamagedCertificateIsNamed() throws Exception {
    Files.writeString(home.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    Result r = new CliRun(home).run("id");
    assertEquals(ExitCodes.CONFIG, r.code(), r.toString());
    assertTrue(r.err().contains(home.resolve("cert.pem") + ": the certificate is damaged"), r.err());

    Files.writeString(home.resolve("cert.pem"), "hello");
    r = new CliRun(home).run("id");
    assertEquals(ExitCodes.CONFIG, r.code(), r.toString());
    assertTrue(r.err().contains("no PEM certificate found"), r.err());
  }

  @Test
  void printsTheIdOfACertificateOnlyTheFirstOfSeveral() throws Exception {
    Path data = InitCommandTest.testData("syncthing-home");
    String cert = Files.readString(data.resolve("cert.pem"));
    String other = Files.readString(InitCommandTest.testData("ed25519-home").resolve("cert.pem"));
    Files.writeString(home.resolve("cert.pem"), cert + other);
    Result r = new CliRun(home).run("id");
    assertEquals(ExitCodes.OK, r.code(), r.toString());
    assertEquals(Files.readString(data.resolve("device-id.txt")).strip(), r.out().strip());
  }
}
