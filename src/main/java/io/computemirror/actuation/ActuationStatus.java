package io.computemirror.actuation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import io.computemirror.actuation.ActuationConditions.Progress;
import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the actuation's part of a Machine's status by server-side apply under its own field manager
 * ({@value #FIELD_MANAGER}): {@code status.operation} while an operation runs, {@code status.lastOperation} once it
 * ended, and in the same write the kstatus conditions {@code Reconciling} and {@code Stalled}
 * ({@link ActuationConditions}), so that they never disagree with the operation fields. The conditions list is one
 * atomic field in the CRD, so each write sends the whole list as the reconciled Machine has it (the sync's
 * {@code Ready} and {@code Synced} unchanged, and the sync keeps the actuation's two conditions in its own writes).
 * Every write returns the Machine as the API server stored it.
 */
@ApplicationScoped
class ActuationStatus {

    /** Owns {@code status.operation} and {@code status.lastOperation}, and shares the conditions list. */
    static final String FIELD_MANAGER = ApiConstants.ACTUATION_FIELD_MANAGER;

    private static final PatchContext APPLY = new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager(FIELD_MANAGER)
            .withForce(true)
            .build();

    /** Records a started operation (the previous {@code lastOperation} stays); Reconciling turns True. */
    Machine started(
            KubernetesClient client, Machine machine, Action action, String key, String operationId, Instant now) {
        MachineOperation operation = new MachineOperation();
        operation.setId(operationId);
        operation.setAction(action);
        operation.setIdempotencyKey(key);
        operation.setStartedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
        operation.setGeneration(ActuationRules.generation(machine));
        return write(client, machine, operation, lastOperation(machine), now);
    }

    /**
     * Moves the finished operation to {@code lastOperation} with its result; {@code operation} is removed,
     * Reconciling too, and a failure of the current generation sets Stalled.
     */
    Machine finished(
            KubernetesClient client,
            Machine machine,
            MachineOperation operation,
            LastOperation.Result result,
            String message,
            Instant now) {
        LastOperation last = new LastOperation();
        last.setId(operation.getId());
        last.setAction(operation.getAction());
        last.setIdempotencyKey(operation.getIdempotencyKey());
        last.setGeneration(operation.getGeneration());
        last.setStartedAt(operation.getStartedAt());
        last.setResult(result);
        last.setMessage(message);
        last.setFinishedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
        return write(client, machine, null, last, now);
    }

    /** A request the provider refused: a failed {@code lastOperation} without an operation id; Stalled turns True. */
    Machine refused(KubernetesClient client, Machine machine, Action action, String key, String message, Instant now) {
        LastOperation last = new LastOperation();
        last.setAction(action);
        last.setResult(LastOperation.Result.Failed);
        last.setMessage(message);
        last.setIdempotencyKey(key);
        last.setGeneration(ActuationRules.generation(machine));
        last.setFinishedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
        return write(client, machine, null, last, now);
    }

    /**
     * Shows {@code progress} in the two conditions, the operation fields unchanged; writes only when they would
     * change, and returns the Machine as stored then.
     */
    Optional<Machine> show(KubernetesClient client, Machine machine, Progress progress, Instant now) {
        List<Condition> current = conditions(machine);
        List<Condition> desired = ActuationConditions.apply(current, progress, ActuationRules.generation(machine), now);
        if (ActuationConditions.same(current, desired)) {
            return Optional.empty();
        }
        MachineStatus status = machine.getStatus();
        return Optional.of(apply(
                client,
                machine,
                status == null ? null : status.getOperation(),
                status == null ? null : status.getLastOperation(),
                desired));
    }

    /** What the recorded fields say, with Reconciling and Stalled to match. */
    private static Machine write(
            KubernetesClient client, Machine machine, MachineOperation operation, LastOperation last, Instant now) {
        long generation = ActuationRules.generation(machine);
        Progress progress = ActuationConditions.recorded(generation, operation, last);
        return apply(
                client,
                machine,
                operation,
                last,
                ActuationConditions.apply(conditions(machine), progress, generation, now));
    }

    /**
     * Applies the actuation's fields. This manager is the only owner of the operation fields, so an absent one is
     * removed; every write therefore sends both, and the whole conditions list.
     */
    private static Machine apply(
            KubernetesClient client,
            Machine machine,
            MachineOperation operation,
            LastOperation last,
            List<Condition> conditions) {
        Machine patch = new Machine();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(machine.getMetadata().getName())
                .withNamespace(machine.getMetadata().getNamespace())
                .build());
        patch.setSpec(null);
        MachineStatus status = new MachineStatus();
        status.setConditions(conditions);
        status.setOperation(operation);
        status.setLastOperation(last);
        patch.setStatus(status);
        return client.resource(patch).subresource("status").patch(APPLY);
    }

    private static List<Condition> conditions(Machine machine) {
        return machine.getStatus() == null || machine.getStatus().getConditions() == null
                ? List.of()
                : machine.getStatus().getConditions();
    }

    private static LastOperation lastOperation(Machine machine) {
        return machine.getStatus() == null ? null : machine.getStatus().getLastOperation();
    }
}
