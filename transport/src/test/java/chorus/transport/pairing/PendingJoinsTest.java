package chorus.transport.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.FolderId;
import chorus.transport.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingJoinsTest {
  @TempDir Path home;
  MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));

  @Test
  void addFindRemoveAcrossInstances() throws Exception {
    PendingJoins cli = PendingJoins.inHome(home, clock);
    PendingJoins daemon = PendingJoins.inHome(home, clock);
    PairingSecret s = PairingSecret.random(new SecureRandom());
    assertEquals(Optional.empty(), daemon.secretFor(Ids.INVITER));

    cli.add(new PendingJoins.PendingJoin(Ids.INVITER, s, FolderId.of("music"), clock.instant().plusSeconds(600)));
    assertEquals(Optional.of(s), daemon.secretFor(Ids.INVITER), "the daemon sees what the CLI wrote");
    assertEquals(Optional.empty(), daemon.secretFor(Ids.OTHER));

    PairingSecret newer = PairingSecret.random(new SecureRandom());
    cli.add(new PendingJoins.PendingJoin(Ids.INVITER, newer, null, clock.instant().plusSeconds(600)));
    assertEquals(Optional.of(newer), daemon.secretFor(Ids.INVITER), "a second join replaces the first");
    assertEquals(1, daemon.all().size());

    assertTrue(daemon.remove(Ids.INVITER));
    assertFalse(daemon.remove(Ids.INVITER));
    assertEquals(Optional.empty(), cli.secretFor(Ids.INVITER));
  }

  @Test
  void expiredJoinsAreNotOfferedAndAreDropped() throws Exception {
    PendingJoins joins = PendingJoins.inHome(home, clock);
    PairingSecret s = PairingSecret.random(new SecureRandom());
    joins.add(new PendingJoins.PendingJoin(Ids.INVITER, s, null, clock.instant().plusSeconds(60)));
    clock.advance(Duration.ofSeconds(60));
    assertEquals(Optional.empty(), joins.secretFor(Ids.INVITER));
    joins.add(new PendingJoins.PendingJoin(Ids.OTHER, s, null, clock.instant().plusSeconds(60)));
    assertFalse(Files.readString(joins.file()).contains(Ids.INVITER.toString()), "pruned on write");
    assertEquals(List.of(Ids.OTHER), joins.all().stream().map(PendingJoins.PendingJoin::device).toList());
  }

  @Test
  void aDamagedFileIsReportedWithItsName() throws Exception {
    PendingJoins joins = PendingJoins.inHome(home, clock);
    Files.writeString(joins.file(), "{\"version\":1,\"joins\":[{\"device\":\"nope\",\"secret\":\"x\",\"folder\":null,\"expiresAt\":\"2030-01-01T00:00:00Z\"}]}");
    IOException e = assertThrows(IOException.class, () -> joins.secretFor(Ids.INVITER));
    assertTrue(e.getMessage().contains("pending-joins.json: joins[0] is invalid"), e.getMessage());
  }

  @Test
  void aRefusedJoinIsKeptWithItsReasonNotOfferedAndClearedByANewJoin() throws Exception {
    PendingJoins daemon = PendingJoins.inHome(home, clock);
    PendingJoins cli = PendingJoins.inHome(home, clock);
    PairingSecret spent = PairingSecret.random(new SecureRandom());
    cli.add(new PendingJoins.PendingJoin(Ids.INVITER, spent, FolderId.of("music"), clock.instant().plusSeconds(600)));

    assertFalse(daemon.markRefused(Ids.INVITER, PairingSecret.random(new SecureRandom()).text(), "no"),
        "another secret than the one refused: a newer join, left alone");
    assertTrue(daemon.markRefused(Ids.INVITER, spent.text(), "this invite was already used"));
    assertEquals(Optional.empty(), daemon.secretFor(Ids.INVITER), "a refused secret is not presented again");
    clock.advance(Duration.ofSeconds(601)); // past the invite's expiry: the refusal is still worth showing
    PendingJoins.PendingJoin refused = PendingJoins.inHome(home, clock).all().get(0);
    assertEquals("this invite was already used", refused.refusal());
    assertEquals(Instant.parse("2024-05-01T12:00:00Z"), refused.refusedAt());

    PairingSecret fresh = PairingSecret.random(new SecureRandom());
    cli.add(new PendingJoins.PendingJoin(Ids.INVITER, fresh, FolderId.of("music"), clock.instant().plusSeconds(600)));
    assertEquals(Optional.of(fresh), daemon.secretFor(Ids.INVITER));
    assertFalse(daemon.all().get(0).refused(), "the new join is waiting, not refused");

    assertTrue(daemon.markRefused(Ids.INVITER, fresh.text(), "this invite expired at ..."));
    clock.advance(Duration.ofDays(PendingJoins.REFUSED_KEPT_DAYS));
    assertEquals(List.of(), daemon.all(), "a refusal is forgotten after a while");
  }

  @Test
  void aFileWrittenBeforeRefusalsExistedStillReads() throws Exception {
    PairingSecret s = PairingSecret.random(new SecureRandom());
    Files.writeString(home.resolve(PendingJoins.FILE_NAME), "{\"version\": 1, \"joins\": [{\"device\": \"" + Ids.INVITER
        + "\", \"secret\": \"" + s.text() + "\", \"folder\": null, \"expiresAt\": \"2024-05-01T12:10:00Z\"}]}");
    assertEquals(Optional.of(s), PendingJoins.inHome(home, clock).secretFor(Ids.INVITER));
  }
}
