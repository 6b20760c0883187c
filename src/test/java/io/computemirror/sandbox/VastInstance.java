package io.computemirror.sandbox;

import java.time.Instant;

/**
 * One simulated Vast instance (mutable; guarded by the simulator's lock). {@code intended} is what the renter asked
 * for, {@code actual} what the container does; the host moves {@code actual} to {@code settleTo} at {@code settleAt}.
 */
final class VastInstance {

    final long id;
    final long machineId;
    final long hostId;
    final String gpuName;
    final int numGpus;
    final int gpuRam;
    final String image;
    final double dphBase;
    final double storageCost;
    final double diskSpace;
    final double startDate;
    final boolean isBid;
    final String geolocation;
    final String publicIp;
    final String sshHost;
    final int sshPort;
    /** A secret the API returns and a client must never mirror. */
    final String jupyterToken;

    String label;
    String intended = "running";
    /** Null while the instance is being provisioned. */
    String actual = "running";

    String curState = "running";
    String statusMsg;
    double endDate;
    /** Another renter holds this instance's GPUs: a start waits until they are released. */
    boolean gpusTaken;

    Instant settleAt;
    String settleTo;

    VastInstance(
            long id,
            long machineId,
            long hostId,
            String gpuName,
            int numGpus,
            int gpuRam,
            String image,
            double dphBase,
            double storageCost,
            double diskSpace,
            double startDate,
            double endDate,
            boolean isBid,
            String geolocation,
            String publicIp,
            String sshHost,
            int sshPort,
            String jupyterToken,
            String label) {
        this.id = id;
        this.machineId = machineId;
        this.hostId = hostId;
        this.gpuName = gpuName;
        this.numGpus = numGpus;
        this.gpuRam = gpuRam;
        this.image = image;
        this.dphBase = dphBase;
        this.storageCost = storageCost;
        this.diskSpace = diskSpace;
        this.startDate = startDate;
        this.endDate = endDate;
        this.isBid = isBid;
        this.geolocation = geolocation;
        this.publicIp = publicIp;
        this.sshHost = sshHost;
        this.sshPort = sshPort;
        this.jupyterToken = jupyterToken;
        this.label = label;
        this.statusMsg = runningMessage();
    }

    String runningMessage() {
        return "success, running " + image.replace(':', '_') + "/ssh";
    }

    /** Read-only view for tests. */
    VastSimulator.InstanceView view() {
        return new VastSimulator.InstanceView(id, label, intended, actual, curState, statusMsg, gpusTaken, endDate);
    }
}
