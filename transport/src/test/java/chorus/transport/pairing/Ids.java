package chorus.transport.pairing;

import chorus.core.id.DeviceId;

final class Ids {
  static final DeviceId INVITER = DeviceId.parse("MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD");
  static final DeviceId JOINER = DeviceId.parse("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2");
  static final DeviceId OTHER = DeviceId.ofBytes(new byte[32]);

  private Ids() {}
}
