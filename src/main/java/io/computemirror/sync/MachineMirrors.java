package io.computemirror.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Generations;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineReadiness;
import io.computemirror.api.v1alpha1.MachineSpec;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.api.v1alpha1.MachineSuspension;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.api.v1alpha1.Text;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.Suspension;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Quiva and Akua machines as {@link Machine} mirrors (ARCHITECTURE.md §2). */
final class MachineMirrors implements MirrorKind<Machine, MachineStatus, MachineObservation> {

    private final ProviderType providerType;
    /** A suspension expiring sooner than this after {@code now} is flagged (ComputeProvider spec.akua). */
    private final Duration expiryWarning;

    private final Instant now;

    MachineMirrors(ProviderType providerType) {
        this(providerType, SuspensionCosts.DEFAULT_WARNING, Instant.now());
    }

    MachineMirrors(ProviderType providerType, Duration expiryWarning, Instant now) {
        this.providerType = providerType;
        this.expiryWarning = expiryWarning;
        this.now = now;
    }

    @Override
    public Class<Machine> type() {
        return Machine.class;
    }

    @Override
    public String externalId(MachineObservation observation) {
        return observation.externalId();
    }

    @Override
    public String externalId(Machine mirror) {
        return mirror.getSpec() == null ? null : mirror.getSpec().getExternalId();
    }

    @Override
    public String providerName(Machine mirror) {
        return mirror.getSpec() == null || mirror.getSpec().getProviderRef() == null
                ? null
                : mirror.getSpec().getProviderRef().getName();
    }

    @Override
    public Map<String, String> labels(MachineObservation observation) {
        Map<String, String> labels = new java.util.TreeMap<>();
        observation.groups().forEach((group, value) -> {
            String label = GROUP_LABELS.get(group);
            String sanitised = OfferMirrors.labelValue(value);
            // A group no label is defined for, or a value with nothing label-safe in it, is simply not shown.
            if (label != null && !sanitised.isEmpty()) {
                labels.put(label, sanitised);
            }
        });
        return labels;
    }

    /** The label of each provider-side grouping ({@link MachineObservation#groups()}). */
    private static final Map<String, String> GROUP_LABELS = Map.of(
            MachineObservation.GROUP_CLUSTER, ApiConstants.LABEL_CLUSTER,
            MachineObservation.GROUP_COMPUTE_CONFIG, ApiConstants.LABEL_COMPUTE_CONFIG,
            MachineObservation.GROUP_NAMESPACE, ApiConstants.LABEL_NAMESPACE,
            MachineObservation.GROUP_SERVICE, ApiConstants.LABEL_SERVICE);

    @Override
    public Machine newResource(String providerName, String externalId) {
        Machine machine = new Machine();
        machine.setSpec(new MachineSpec(providerName, externalId));
        return machine;
    }

    @Override
    public MachineStatus observedStatus(MachineObservation o) {
        MachineStatus s = new MachineStatus();
        s.setPhase(phase(o));
        s.setProviderState(Text.clip(o.providerState(), 64));
        s.setProviderType(providerType);
        s.setName(Text.clip(o.name(), 1024));
        s.setProviderId(Text.clip(o.providerId(), 1024));
        s.setAddresses(
                o.addresses().isEmpty() ? null : o.addresses().stream().limit(8).toList());
        s.setRuntime(Text.clip(o.runtime(), 128));
        s.setRuntimeVersion(Text.clip(o.runtimeVersion(), 64));
        s.setMemory(Text.clip(o.memory(), 64));
        s.setNode(Text.clip(o.node(), 256));
        s.setClusterId(Text.clip(o.clusterId(), 256));
        s.setCreatedAt(o.createdAt() == null ? null : o.createdAt().toString());
        s.setUpdatedAt(o.updatedAt() == null ? null : o.updatedAt().toString());
        s.setSuspension(suspension(o.suspension()));
        return s;
    }

    @Override
    public MachineStatus emptyStatus() {
        return new MachineStatus();
    }

    @Override
    public MachineStatus owned(MachineStatus status) {
        MachineStatus copy = Serialization.clone(status);
        copy.setOperation(null);
        copy.setLastOperation(null);
        copy.setDesiredSuspended(null);
        copy.setDesiredSuspendedBy(null);
        return copy;
    }

    @Override
    public void markGone(MachineStatus status) {
        status.setPhase(MachinePhase.Gone);
    }

    @Override
    public Condition ready(Machine mirror, MachineStatus status) {
        // Ready also depends on the actuation's fields, which the sync does not own: read them from the mirror.
        MachineStatus withOperation = Serialization.clone(status);
        withOperation.setOperation(
                mirror.getStatus() == null ? null : mirror.getStatus().getOperation());
        withOperation.setLastOperation(
                mirror.getStatus() == null ? null : mirror.getStatus().getLastOperation());
        // ... and the schedule's decision (io.computemirror.schedule), written under its own field manager.
        withOperation.setDesiredSuspended(
                mirror.getStatus() == null ? null : mirror.getStatus().getDesiredSuspended());
        withOperation.setDesiredSuspendedBy(
                mirror.getStatus() == null ? null : mirror.getStatus().getDesiredSuspendedBy());
        return MachineReadiness.ready(mirror.getSpec(), Generations.of(mirror), withOperation);
    }

    @Override
    public List<MirrorEvent> events(MachineStatus before, MachineStatus after) {
        List<MirrorEvent> events = new ArrayList<>();
        if (expiring(after.getSuspension()) && !expiring(before.getSuspension())) {
            events.add(MirrorEvent.warning(
                    "SuspensionExpiring",
                    "the suspension's snapshot "
                            + after.getSuspension().getSnapshotId() + " expires at "
                            + after.getSuspension().getExpiresAt()
                            + " (warning window " + expiryWarning.toHours()
                            + "h): resume the machine before then, or what "
                            + "it holds is lost"));
        }
        if (before.getPhase() == null || before.getPhase() == after.getPhase()) {
            return events;
        }
        if (after.getPhase() == MachinePhase.Gone) {
            events.add(MirrorEvent.warning(
                    "Gone", "the provider no longer lists this machine (was " + before.getPhase() + ")"));
            return events;
        }
        events.add(MirrorEvent.normal(
                "PhaseChanged",
                "phase " + before.getPhase() + " → " + after.getPhase() + " (provider state " + after.getProviderState()
                        + ")"));
        return events;
    }

    private static boolean expiring(MachineSuspension suspension) {
        return suspension != null && Boolean.TRUE.equals(suspension.getExpiringSoon());
    }

    static MachinePhase phase(MachineObservation o) {
        return switch (o.state()) {
            case RUNNING -> MachinePhase.Running;
            case PAUSED -> MachinePhase.Paused;
            case STOPPED -> MachinePhase.Stopped;
            case PROVISIONING -> MachinePhase.Provisioning;
            case SUSPENDING -> MachinePhase.Suspending;
            case SUSPENDED -> MachinePhase.Suspended;
            case RESUMING -> MachinePhase.Resuming;
            case DELETING -> MachinePhase.Deleting;
            case UNKNOWN -> MachinePhase.Unknown;
        };
    }

    private MachineSuspension suspension(Suspension s) {
        if (s == null) {
            return null;
        }
        MachineSuspension out = new MachineSuspension();
        out.setEventId(Text.clip(s.eventId(), 64));
        out.setExpiresAt(s.expiresAt() == null ? null : s.expiresAt().toString());
        out.setMonthlyCostCents(s.monthlyCostCents());
        out.setReason(Text.clip(s.reason(), 32));
        out.setSnapshotId(s.snapshotId());
        out.setSizeGb(s.snapshotSizeGb() == null ? null : s.snapshotSizeGb().doubleValue());
        out.setExpiringSoon(SuspensionCosts.expiringSoon(s.expiresAt(), now, expiryWarning) ? Boolean.TRUE : null);
        return out;
    }
}
