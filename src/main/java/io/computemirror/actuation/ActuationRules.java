package io.computemirror.actuation;

import java.time.Duration;
import java.util.Optional;

import io.computemirror.account.ProviderRegistry;
import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Conditions;
import io.computemirror.api.v1alpha1.Generations;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.kube.Hashes;
import io.computemirror.provider.MachineState;
import io.computemirror.provider.SuspendStyle;

/**
 * The actuation's decisions, as pure functions: whether a Machine's desired suspension ({@link DesiredSuspension})
 * calls for an action, and what to do once the machine has been read at the provider.
 */
final class ActuationRules {

    private ActuationRules() {}

    /** What the Machine resource alone says (no provider call). */
    sealed interface Intent {}

    /** No action: no opinion, already acted on for this generation, or already in the desired state. */
    record Nothing() implements Intent {}

    /** {@code suspended: true} on a machine whose provider cannot suspend. */
    record Unsupported(ProviderType type) implements Intent {}

    /** The desired state may differ from the provider's: read the machine there, then {@link #next}. */
    record CheckProvider(Action action) implements Intent {}

    /** What to do after reading the machine at the provider. */
    sealed interface Next {}

    /** Send the action. */
    record Act(Action action) implements Next {}

    /** The machine is where it should be. */
    record Done() implements Next {}

    /** The machine is in a state the action cannot start from (yet); look again later. */
    record Wait(String why) implements Next {}

    /** What the Machine's own spec asks for. */
    static Intent intent(Machine machine) {
        return intent(machine, SpecSuspensions.decide(machine));
    }

    static Intent intent(Machine machine, Optional<DesiredSuspension> desired) {
        if (desired.isEmpty()) {
            return new Nothing();
        }
        boolean suspended = desired.get().suspended();
        MachineStatus status = Optional.ofNullable(machine.getStatus()).orElseGet(MachineStatus::new);
        if (actedOn(status.getLastOperation(), desired.get(), generation(machine))) {
            // This desired change was acted on already; a failed or cancelled operation waits for the next change.
            return new Nothing();
        }
        ProviderType type = status.getProviderType();
        if (type != null && !drivable(type)) {
            return suspended ? new Unsupported(type) : new Nothing();
        }
        MachinePhase target = suspended ? MachinePhase.Suspended : MachinePhase.Running;
        if (status.getPhase() == target && Conditions.isTrue(status.getConditions(), ApiConstants.CONDITION_SYNCED)) {
            return new Nothing();
        }
        return new CheckProvider(suspended ? Action.Suspend : Action.Resume);
    }

    /**
     * Whether the actuation can carry out suspends of this provider type: it follows the operation a change starts
     * ({@link SuspendStyle#OPERATION}); for any other provider, {@code suspended: true} is refused as unsupported.
     */
    static boolean drivable(ProviderType type) {
        return ProviderRegistry.capabilitiesOf(type).suspendStyle() == SuspendStyle.OPERATION;
    }

    /**
     * Whether the last operation was this desired change's: its idempotency key identifies the change. A record
     * without a key is matched by generation, as v0.1 did.
     */
    static boolean actedOn(LastOperation last, DesiredSuspension desired, long generation) {
        if (last == null) {
            return false;
        }
        if (last.getIdempotencyKey() != null) {
            return last.getIdempotencyKey().equals(desired.idempotencyKey());
        }
        return last.getGeneration() != null && last.getGeneration() == generation;
    }

    /**
     * With the machine's state at the provider. The transitional state towards the desired one (SUSPENDING for a
     * suspend) is acted on too: if our own earlier request started it (and the operator died before recording the
     * operation), sending the same idempotency key returns that same operation; if someone else started it, the
     * provider refuses and we wait.
     */
    static Next next(Action action, MachineState state) {
        boolean suspend = action == Action.Suspend;
        MachineState from = suspend ? MachineState.RUNNING : MachineState.SUSPENDED;
        MachineState towards = suspend ? MachineState.SUSPENDING : MachineState.RESUMING;
        MachineState target = suspend ? MachineState.SUSPENDED : MachineState.RUNNING;
        if (state == target) {
            return new Done();
        }
        if (state == from || state == towards) {
            return new Act(action);
        }
        return new Wait("the machine is " + state + "; " + action.name().toLowerCase() + " starts from " + from);
    }

    /**
     * The idempotency key of one desired change: the same resource, generation and action always give the same key,
     * so a request repeated after a crash or timeout returns the operation the first one started.
     */
    static String idempotencyKey(String uid, long generation, Action action) {
        return idempotencyKey(uid + "/" + generation, action);
    }

    /** The idempotency key of one desired change identified by {@code edgeKey} ({@link DesiredSuspension#edgeKey}). */
    static String idempotencyKey(String edgeKey, Action action) {
        return "cm-" + action.name().toLowerCase() + "-"
                + Hashes.sha256Hex(edgeKey + "/" + action.name()).substring(0, 32);
    }

    /** How soon to look at a running operation again: quickly at first, then less often. */
    static Duration followDelay(Duration age) {
        if (age.compareTo(Duration.ofSeconds(30)) < 0) {
            return Duration.ofSeconds(1);
        }
        return age.compareTo(Duration.ofMinutes(5)) < 0 ? Duration.ofSeconds(5) : Duration.ofSeconds(15);
    }

    static long generation(Machine machine) {
        return Generations.of(machine);
    }
}
