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
