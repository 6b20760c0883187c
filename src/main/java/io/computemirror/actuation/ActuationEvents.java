package io.computemirror.actuation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.kube.KubeEvents;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The actuation's Kubernetes Events on Machines. Events about a lasting situation (the machine cannot be suspended,
 * a second resource names it, its account is paused) are recorded once per generation and reason, since the
 * Machine's conditions say it for as long as it holds; that memory is per Machine and is dropped by
 * {@link #forget} when the Machine is deleted.
 */
@ApplicationScoped
class ActuationEvents {

    private static final Logger LOG = Logger.getLogger(ActuationEvents.class);

    private final KubeEvents events;
    /** Machine uid → (Event reason → the generation it was recorded for). */
    private final Map<String, Map<String, Long>> reported = new ConcurrentHashMap<>();

    ActuationEvents(KubeEvents events, ActuationMetrics metrics) {
        this.events = events;
        metrics.tracked("events", this::trackedMachines);
    }

    void requested(Machine machine, Action action, String operationId) {
        events.normal(
                machine,
                action == Action.Suspend ? "SuspendRequested" : "ResumeRequested",
                action.name().toLowerCase() + " requested at the provider: operation " + operationId);
    }

    void succeeded(Machine machine, Action action, String operationId) {
        events.normal(
                machine,
                action == Action.Suspend ? "Suspended" : "Resumed",
                action.name().toLowerCase() + " operation " + operationId + " succeeded");
    }

    /** An operation that ended FAILED or CANCELLED, or a request the provider refused. */
    void failed(Machine machine, String message) {
        events.warning(machine, "OperationFailed", message + "; not retried until spec.suspended changes");
    }

    /** A Warning recorded at most once per generation of the Machine for this reason. */
    void onceWarning(Machine machine, String reason, String message) {
        if (firstForGeneration(machine, reason)) {
            LOG.infof(
                    "Machine %s/%s: %s",
                    machine.getMetadata().getNamespace(), machine.getMetadata().getName(), message);
            events.warning(machine, reason, message);
        }
    }

    /** A Normal Event recorded at most once per generation of the Machine for this reason. */
    void onceNormal(Machine machine, String reason, String message) {
        if (firstForGeneration(machine, reason)) {
            LOG.infof(
                    "Machine %s/%s: %s",
                    machine.getMetadata().getNamespace(), machine.getMetadata().getName(), message);
            events.normal(machine, reason, message);
        }
    }

    /** Drops what is remembered about a deleted Machine. */
    void forget(String uid) {
        reported.remove(uid);
    }

    /** Machines with something remembered (for the metric and the churn test). */
    int trackedMachines() {
        return reported.size();
    }

    private boolean firstForGeneration(Machine machine, String reason) {
        Long generation = ActuationRules.generation(machine);
        Map<String, Long> byReason =
                reported.computeIfAbsent(machine.getMetadata().getUid(), uid -> new ConcurrentHashMap<>());
        return !generation.equals(byReason.put(reason, generation));
    }
}
