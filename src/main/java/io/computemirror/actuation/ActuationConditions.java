package io.computemirror.actuation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Conditions;
import io.computemirror.api.v1alpha1.MachineReadiness;
import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation;

/**
 * The two conditions kstatus ({@code sigs.k8s.io/cli-utils}, what Flux waits with) reads on a Machine, set by the
 * actuation: {@value #RECONCILING}=True while it works towards the desired state (an operation runs, or it waits for
 * the account or the machine), which kstatus reports as InProgress; {@value #STALLED}=True when the desired state
 * cannot be reached without a person (a failed, cancelled or refused operation, until the spec changes; a suspend of a
 * machine that cannot be suspended), which kstatus reports as Failed. Otherwise neither is present, the way Flux
 * removes them: with the generation observed, kstatus then reports Current.
 */
final class ActuationConditions {

    static final String RECONCILING = "Reconciling";
    static final String STALLED = "Stalled";

    private ActuationConditions() {}

    /** What the actuation says about a Machine now. */
    sealed interface Progress {}

    /** Nothing under way and nothing stuck. */
    record Idle() implements Progress {}

    /** Work towards the desired state is under way or waits for something that resolves by itself. */
    record Working(String reason, String message) implements Progress {}

    /** The desired state needs a person: the reason and message say what to do. */
    record Stuck(String reason, String message) implements Progress {}

    /** What the recorded operation fields alone say: a running operation, or a failure of this generation. */
    static Progress recorded(long generation, MachineOperation operation, LastOperation last) {
        if (operation != null && operation.getAction() != null) {
            String reason = operation.getAction() == MachineOperation.Action.Suspend ? "Suspending" : "Resuming";
            return new Working(
                    reason,
                    "operation " + operation.getId() + " ("
                            + operation.getAction().name().toLowerCase() + ") started " + operation.getStartedAt()
                            + " is running at the provider");
        }
        if (last != null
                && last.getResult() != null
                && last.getResult() != LastOperation.Result.Succeeded
                && Objects.equals(last.getGeneration(), generation)) {
            return new Stuck(
                    MachineReadiness.OPERATION_FAILED,
                    last.getAction().name().toLowerCase() + " operation "
                            + (last.getId() == null ? "request" : last.getId()) + " "
                            + last.getResult().name().toLowerCase()
                            + (last.getMessage() == null ? "" : ": " + last.getMessage())
                            + "; change spec.suspended to try again");
        }
        return new Idle();
    }

    /** The conditions list with {@value #RECONCILING} and {@value #STALLED} as {@code progress} says. */
    static List<Condition> apply(List<Condition> current, Progress progress, long generation, Instant now) {
        if (progress instanceof Working working) {
            return Conditions.set(
                    without(current, STALLED),
                    new Condition(RECONCILING, Condition.Status.True, working.reason(), working.message()),
                    generation,
                    now);
        }
        if (progress instanceof Stuck stuck) {
            return Conditions.set(
                    without(current, RECONCILING),
                    new Condition(STALLED, Condition.Status.True, stuck.reason(), stuck.message()),
                    generation,
                    now);
        }
        return without(without(current, RECONCILING), STALLED);
    }

    /** Whether the two conditions are already as {@code desired} has them (times aside). */
    static boolean same(List<Condition> current, List<Condition> desired) {
        return sameCondition(current, desired, RECONCILING) && sameCondition(current, desired, STALLED);
    }

    private static boolean sameCondition(List<Condition> a, List<Condition> b, String type) {
        Optional<Condition> x = Conditions.find(a, type);
        Optional<Condition> y = Conditions.find(b, type);
        if (x.isEmpty() || y.isEmpty()) {
            return x.isEmpty() && y.isEmpty();
        }
        return x.get().getStatus() == y.get().getStatus()
                && Objects.equals(x.get().getReason(), y.get().getReason())
                && Objects.equals(x.get().getMessage(), y.get().getMessage())
                && Objects.equals(x.get().getObservedGeneration(), y.get().getObservedGeneration());
    }

    private static List<Condition> without(List<Condition> conditions, String type) {
        return conditions == null
                ? List.of()
                : conditions.stream().filter(c -> !type.equals(c.getType())).toList();
    }
}
