package chorus.cli.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.transport.api.StatusReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code chorus status} shows joins that are not complete: waiting, or refused with the fix. */
class StatusTextJoinsTest {
  private static final DeviceId SELF = DeviceId.parse("MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD");
  private static final DeviceId NAS = DeviceId.parse("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2");

  private static String print(StatusReport.PendingJoin join) {
    StringWriter text = new StringWriter();
    StatusText.print(new StatusReport(new StatusReport.Device(SELF, "laptop"), List.of(), List.of(), List.of(),
        List.of(join)), new PrintWriter(text));
    return text.toString();
  }

  @Test
  void aRefusedJoinShowsTheInvitersReasonAndTheCommandsThatFixIt() {
    String out = print(new StatusReport.PendingJoin(NAS, "nas", FolderId.of("music"), StatusReport.JoinState.REFUSED,
        "this invite expired at 2026-12-02T14:00:00Z", Instant.parse("2026-12-02T14:00:00Z")));
    assertTrue(out.contains("""

        Joins (1) not complete:
          nas  P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2  folder music
            refused: this invite expired at 2026-12-02T14:00:00Z
            ask the inviter for a new invite: chorus invite --folder music, then here: chorus join TOKEN
        """), out);
  }

  @Test
  void aWaitingJoinSaysUntilWhen() {
    String out = print(new StatusReport.PendingJoin(NAS, "nas", null, StatusReport.JoinState.WAITING, null,
        Instant.parse("2026-12-02T14:15:00Z")));
    assertTrue(out.contains("""
          nas  P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2
            waiting for it to accept our invite (valid until 2026-12-02T14:15:00Z)
        """), out);
  }
}
