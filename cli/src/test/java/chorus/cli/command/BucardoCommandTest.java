package chorus.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.CliRun;
import chorus.cli.CliRun.Result;
import chorus.cli.ExitCodes;
import chorus.cli.bucardo.PeerCatalogs;
import chorus.cli.home.DeviceHome;
import chorus.core.id.DeviceId;
import chorus.core.protocol.CatalogAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands' inputs and errors; what they do to real databases is BucardoClusterTest's and db-bridge's. */
class BucardoCommandTest {
  @TempDir Path home;

  @Test
  void withoutAnyCatalogItSaysHowToNameOne() {
    assertEquals(0, new CliRun(home).run("init", "--name", "a").code());
    Result r = new CliRun(home).run("bucardo", "plan");
    assertEquals(ExitCodes.FAILURE, r.code(), r.toString());
    assertTrue(r.err().contains("no catalog database is known") && r.err().contains("--db NAME=JDBC-URL"), r.err());
  }

  @Test
  void badAddressesAreRefusedWithTheReason() {
    assertEquals(0, new CliRun(home).run("init", "--name", "a").code());
    Result r = new CliRun(home).run("bucardo", "doctor", "--db", "b=jdbc:mysql://h/db");
    assertEquals(ExitCodes.FAILURE, r.code(), r.toString());
    assertTrue(r.err().contains("is not jdbc:postgresql://HOST[:PORT]/DATABASE"), r.err());
    r = new CliRun(home).run("bucardo", "doctor", "--db", "b=jdbc:postgresql://h/db?password=x");
    assertTrue(r.err().contains("must not hold a password"), r.err());
  }

  /**
   * A peer announces a database address of its own choosing; with a wildcard-host .pgpass line for the
   * Bucardo role, connecting there would offer that password to the peer's server. No command connects.
   */
  @Test
  void aWildcardPgpassLineStopsEveryCommandBeforeItConnectsAnywhere() throws Exception {
    assertEquals(0, new CliRun(home).run("init", "--name", "a").code());
    Path pgpass = home.resolve("pgpass");
    Files.writeString(pgpass, "# the guide's way\n*:*:*:bucardo:s3cret\n");
    Files.setPosixFilePermissions(pgpass, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    try (java.net.ServerSocket rogue = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      rogue.setSoTimeout(300);
      String url = "b=jdbc:postgresql://127.0.0.1:" + rogue.getLocalPort() + "/archive_production";
      for (String command : new String[] {"plan", "doctor", "apply"}) {
        Result r = new CliRun(home).env("PGPASSFILE", pgpass.toString()).run("bucardo", command, "--db", url);
        assertEquals(ExitCodes.FAILURE, r.code(), r.toString());
        assertTrue(r.err().contains("line 2 (*:*:*:bucardo:…)") && r.err().contains("one line per host"), r.err());
        assertTrue(!r.err().contains("s3cret") && !r.out().contains("s3cret"), "the password is not printed");
      }
      assertTrue(assertThrowsTimeout(rogue), "no command connected to the announced address");
    }
    // One line per host: the commands go on (and fail here only because nothing listens).
    Files.writeString(pgpass, "127.0.0.1:5432:archive_production:bucardo:s3cret\n");
    Result r = new CliRun(home).env("PGPASSFILE", pgpass.toString()).run("bucardo", "plan", "--db",
        "b=jdbc:postgresql://127.0.0.1:1/archive_production");
    assertTrue(!r.err().contains("one line per host"), r.toString());
  }

  private static boolean assertThrowsTimeout(java.net.ServerSocket s) {
    try (java.net.Socket ignored = s.accept()) {
      return false;
    } catch (java.net.SocketTimeoutException e) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void announcedCatalogsAreKeptWithoutPasswordsAndOnlyWhenTheyChange() throws Exception {
    DeviceHome h = new DeviceHome(home);
    DeviceId peer = DeviceId.parse("MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD");
    CatalogAddress addr = CatalogAddress.of("jdbc:postgresql://10.0.0.2:5432/archive_production?ssl=true", "chorus");
    assertEquals("jdbc:postgresql://10.0.0.2:5432/archive_production", addr.jdbcUrl());
    assertTrue(PeerCatalogs.record(h, peer, "NAS Keller", addr));
    assertTrue(!PeerCatalogs.record(h, peer, "NAS Keller", addr));
    assertEquals(1, PeerCatalogs.read(h).size());
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(home.resolve("peer-catalogs.json"))));
  }
}
