package chorus.cli.daemon;

import chorus.core.config.ChorusConfig;
import chorus.core.config.DeviceConfig;
import chorus.transport.api.StatusReport;
import chorus.transport.pairing.PendingJoins;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pending joins as {@code chorus status} shows them: waiting for the inviter, or refused by it. */
final class JoinStatus {
  private static final Logger log = LoggerFactory.getLogger(JoinStatus.class);

  private JoinStatus() {}

  /** Never fails: a damaged pending-joins file must not take the rest of the status with it. */
  static List<StatusReport.PendingJoin> of(PendingJoins joins, ChorusConfig config) {
    List<PendingJoins.PendingJoin> all;
    try {
      all = joins.all();
    } catch (IOException e) {
      log.warn("pending joins cannot be read: {}", e.getMessage());
      return List.of();
    }
    return all.stream().map(j -> new StatusReport.PendingJoin(j.device(),
        config.device(j.device()).map(DeviceConfig::name).orElse(""), j.folder(),
        j.refused() ? StatusReport.JoinState.REFUSED : StatusReport.JoinState.WAITING, j.refusal(), j.expiresAt()))
        .toList();
  }
}
