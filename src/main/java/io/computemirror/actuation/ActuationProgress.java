package io.computemirror.actuation;

import java.time.Instant;
import java.util.List;

import io.computemirror.actuation.ActuationConditions.Progress;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.provider.MachineObservation;
import io.computemirror.sync.MachineStatusRefresher;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How the actuation shows where a change stands: kstatus' {@code Reconciling} and {@code Stalled}, written through
 * {@link MachineStatusRefresher} together with the sync's part of the status, so one write says both.
 */
@ApplicationScoped
class ActuationProgress {

    private final MachineStatusRefresher refresher;

    ActuationProgress(MachineStatusRefresher refresher) {
        this.refresher = refresher;
    }

    /**
     * Shows {@code progress} in Reconciling and Stalled, and brings the sync's part of the status up to date in the
     * same write: with {@code observed} when the machine was just read, else observedGeneration and Ready only. A
     * Machine the sync cannot refresh (no ComputeProvider, or not mirrored yet) gets the two conditions alone, and only
     * when they change.
     */
    void show(
            KubernetesClient client,
            ComputeProvider provider,
            Machine machine,
            Progress progress,
            MachineObservation observed) {
        List<Condition> current = conditions(machine);
        List<Condition> desired =
                ActuationConditions.apply(current, progress, ActuationRules.generation(machine), Instant.now());
        List<Condition> shown = ActuationConditions.same(current, desired) ? current : desired;
        boolean mirrored = machine.getStatus() != null && machine.getStatus().getProviderType() != null;
        // A Machine the sync has not written yet gets its status from the sync's first write, unless it was just read.
        if (provider != null && (mirrored || observed != null)) {
            refresher.refresh(client, provider, machine, observed, shown);
        } else if (shown != current) {
            refresher.writeConditions(client, machine, shown);
        }
    }

    /**
     * Writes the sync's part of the status (phase, Ready, observedGeneration) on the Machine as the API server
     * returned it from the actuation's own write, so Ready sees the operation fields just written, together with
     * Reconciling and Stalled as those fields say. When the spec changed meanwhile, only the two conditions are
     * written: the newer generation's own reconcile writes the rest, and this one must not report a generation it has
     * not acted on.
     */
    void afterWrite(
            KubernetesClient client,
            ComputeProvider provider,
            Machine reconciled,
            Machine written,
            MachineObservation observed) {
        long generation = ActuationRules.generation(reconciled);
        Progress recorded = ActuationConditions.recorded(
                generation,
                written.getStatus().getOperation(),
                written.getStatus().getLastOperation());
        // From the reconciled copy's list, which the actuation's write did not touch.
        List<Condition> conditions =
                ActuationConditions.apply(conditions(reconciled), recorded, generation, Instant.now());
        if (ActuationRules.generation(written) == generation) {
            refresher.refresh(client, provider, written, observed, conditions);
        } else {
            refresher.writeConditions(client, written, conditions);
        }
    }

    private static List<Condition> conditions(Machine machine) {
        return machine.getStatus() == null || machine.getStatus().getConditions() == null
                ? List.of()
                : machine.getStatus().getConditions();
    }
}
