package io.computemirror.actuation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.computemirror.api.v1alpha1.FieldManagers;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.kube.StatusApply;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the actuation's part of a Machine's status by server-side apply under its own field manager
 * ({@value FieldManagers#ACTUATION}): {@code status.operation} while an operation runs, {@code status.lastOperation}
 * once it ended. Every write returns the Machine as the API server stored it.
 * <p>
 * The kstatus conditions that go with these fields ({@link ActuationConditions}) are not written here: a Machine's
 * conditions list has one writer, the sync's, and the actuation hands its two conditions to it
 * ({@code MachineStatusRefresher}) right after each write.
 */
@ApplicationScoped
class ActuationStatus {

    private static final StatusApply APPLY = new StatusApply(FieldManagers.ACTUATION);

    /** Records a started operation (the previous {@code lastOperation} stays). */
    Machine started(
            KubernetesClient client, Machine machine, Action action, String key, String operationId, Instant now) {
        MachineOperation operation = new MachineOperation();
        operation.setId(operationId);
        operation.setAction(action);
        operation.setIdempotencyKey(key);
        operation.setStartedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
        operation.setGeneration(ActuationRules.generation(machine));
        return apply(client, machine, operation, lastOperation(machine));
    }

    /** Moves the finished operation to {@code lastOperation} with its result; {@code operation} is removed. */
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
        return apply(client, machine, null, last);
    }

    /** A request the provider refused: a failed {@code lastOperation} without an operation id. */
    Machine refused(KubernetesClient client, Machine machine, Action action, String key, String message, Instant now) {
        LastOperation last = new LastOperation();
        last.setAction(action);
        last.setResult(LastOperation.Result.Failed);
        last.setMessage(message);
        last.setIdempotencyKey(key);
        last.setGeneration(ActuationRules.generation(machine));
        last.setFinishedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
        return apply(client, machine, null, last);
    }

    /**
     * Applies the actuation's fields. This manager is the only owner of the operation fields, so an absent one is
     * removed; every write therefore sends both, and nothing else (the conditions list, sent empty by default, is
     * left out).
     */
    private static Machine apply(
            KubernetesClient client, Machine machine, MachineOperation operation, LastOperation last) {
        MachineStatus status = new MachineStatus();
        status.setConditions(null);
        status.setOperation(operation);
        status.setLastOperation(last);
        return APPLY.apply(client, machine, Machine::new, status);
    }

    private static LastOperation lastOperation(Machine machine) {
        return machine.getStatus() == null ? null : machine.getStatus().getLastOperation();
    }
}
