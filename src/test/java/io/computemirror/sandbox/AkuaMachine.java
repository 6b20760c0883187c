package io.computemirror.sandbox;

/** Mutable state of one Akua machine; guarded by the simulator lock. */
final class AkuaMachine {
    String id;
    String clusterId;
    String computeConfigId;
    String providerId;
    String identityKind;
    String publicIp;
    String floatingIp;
    String name;
    String nodeName;
    String state;
    long createdAt;
    long updatedAt;
    String etag;
    String suspensionId;
    long snapshotId;
    int snapshotSizeGb;
    long suspensionExpiresAt;
    int monthlyCostCents;
    String suspensionReason;

    AkuaSimulator.MachineView view() {
        return new AkuaSimulator.MachineView(id, clusterId, state, etag, suspensionId, publicIp);
    }
}
