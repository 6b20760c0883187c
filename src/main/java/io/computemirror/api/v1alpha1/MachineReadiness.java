package io.computemirror.api.v1alpha1;

import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation;

/**
 * The one rule for a Machine's {@code Ready} condition, used by both controllers so they never disagree:
 * <ul>
 * <li>an operation in flight ({@code status.operation}) → False, reason Suspending or Resuming;</li>
 * <li>a failed or cancelled operation ({@code status.lastOperation}) asked for by the current generation → False,
 * {@value #OPERATION_FAILED}, until the spec changes;</li>
 * <li>Gone → False; {@code suspended: true} on a machine whose provider cannot suspend → False, SuspendNotSupported;</li>
 * <li>otherwise True when the phase is the desired one: Suspended when {@code spec.suspended} is true, Running when it
 * is false or absent. Without {@code spec.suspended}, a MachineSchedule's decision ({@code status.desiredSuspended},
 * by {@code status.desiredSuspendedBy}) is the desired state, and its failed operation counts until its next edge.</li>
 * </ul>
 */
public final class MachineReadiness {

    public static final String OPERATION_FAILED = "OperationFailed";
    public static final String SUSPEND_NOT_SUPPORTED = "SuspendNotSupported";

    private MachineReadiness() {}

    /** The Ready condition (without times or generation) for the machine's current spec and status. */
    public static Condition ready(Machine machine) {
        return ready(machine.getSpec(), Generations.of(machine), machine.getStatus());
    }

    /** The Ready condition for a spec at a generation with the given status (null: none yet). */
    public static Condition ready(MachineSpec spec, long generation, MachineStatus machineStatus) {
        MachineStatus status = machineStatus == null ? new MachineStatus() : machineStatus;
        MachineOperation operation = status.getOperation();
        if (operation != null && operation.getAction() != null) {
            String reason = operation.getAction() == MachineOperation.Action.Suspend ? "Suspending" : "Resuming";
            return not(
                    reason,
                    "operation " + operation.getId() + " ("
                            + operation.getAction().name().toLowerCase() + ") started " + operation.getStartedAt()
                            + " is running at the provider");
        }
        // The desired state: spec.suspended, else what the governing MachineSchedule says (status.desiredSuspended).
        Boolean desiredSuspended = spec.getSuspended();
        boolean scheduled = desiredSuspended == null
                && status.getDesiredSuspended() != null
                && status.getDesiredSuspendedBy() != null
                && !"Spec".equals(status.getDesiredSuspendedBy());
        if (scheduled) {
            desiredSuspended = status.getDesiredSuspended();
        }
        LastOperation last = status.getLastOperation();
        boolean lastFailed =
                last != null && last.getResult() != null && last.getResult() != LastOperation.Result.Succeeded;
        // A failed scheduled operation counts while the schedule still asks for what it tried (until the next edge).
        boolean scheduledFailure = lastFailed
                && scheduled
                && last.getAction() != null
                && (last.getAction() == MachineOperation.Action.Suspend) == desiredSuspended
                && status.getPhase() != (desiredSuspended ? MachinePhase.Suspended : MachinePhase.Running);
        if (scheduledFailure
                || lastFailed && !scheduled && Long.valueOf(generation).equals(last.getGeneration())) {
            return not(
                    OPERATION_FAILED,
                    last.getAction().name().toLowerCase() + " operation " + last.getId() + " "
                            + last.getResult().name().toLowerCase()
                            + (last.getMessage() == null ? "" : ": " + last.getMessage())
                            + (scheduledFailure
                                    ? "; not retried before the next edge of " + status.getDesiredSuspendedBy()
                                    : "; not retried until spec.suspended changes"));
        }
        MachinePhase phase = status.getPhase() == null ? MachinePhase.Unknown : status.getPhase();
        if (phase == MachinePhase.Gone) {
            return not("Gone", "the provider no longer lists machine " + spec.getExternalId());
        }
        boolean suspend = Boolean.TRUE.equals(desiredSuspended);
        if (suspend
                && status.getProviderType() != null
                && !status.getProviderType().canSuspend()) {
            return not(
                    SUSPEND_NOT_SUPPORTED,
                    "spec.suspended is true, but " + status.getProviderType()
                            + " machines cannot be suspended (the provider has no lifecycle API): remove spec.suspended");
        }
        MachinePhase desired = suspend ? MachinePhase.Suspended : MachinePhase.Running;
        if (phase == desired) {
            return new Condition(
                    ApiConstants.CONDITION_READY,
                    Condition.Status.True,
                    phase.name(),
                    "machine is " + phase.name()
                            + (desiredSuspended == null
                                    ? ""
                                    : scheduled ? " as " + status.getDesiredSuspendedBy() + " says" : " as desired"));
        }
        return not(
                phase.name(),
                "machine is " + phase.name() + ", desired " + desired.name()
                        + (scheduled ? " (" + status.getDesiredSuspendedBy() + ")" : ""));
    }

    private static Condition not(String reason, String message) {
        return new Condition(ApiConstants.CONDITION_READY, Condition.Status.False, reason, message);
    }
}
