package io.computemirror.sync;

import java.time.Instant;
import java.util.List;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.provider.MachineObservation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Brings one Machine's provider-reported status and its {@code Ready} condition up to date outside a poll, exactly as
 * the sync would write them (same rules, same field manager). The actuation calls it right after it acts, so kubectl
 * shows the result at once instead of at the account's next poll.
 */
@ApplicationScoped
public class MachineStatusRefresher {

    private final MirrorWriter writer;

    public MachineStatusRefresher(MirrorWriter writer) {
        this.writer = writer;
    }

    /**
     * @param provider the Machine's ComputeProvider as the actuation's informer cache has it
     * @param machine the Machine with the actuation's fields ({@code status.operation}, {@code lastOperation}) as
     *        they are now, since Ready depends on them: the object the API server returned from the actuation's write
     * @param observation a fresh read of the machine at the provider, or null to keep the provider data as it is and
     *        bring only {@code observedGeneration} and {@code Ready} up to date
     * @return whether anything was written
     * @throws KubernetesClientException when the write failed
     */
    public boolean refresh(KubernetesClient client, ComputeProvider provider, Machine machine,
            MachineObservation observation) {
        SyncPlan<Machine, MachineStatus, MachineObservation> plan = new SyncPlan<>(
                new MachineMirrors(provider.getSpec().getType()), provider, Instant.now());
        SyncPlan.Write<Machine> write = plan.refresh(machine, observation,
                SyncPlan.syncedMessage(ProviderAccounts.endpoint(provider)));
        if (write == null) {
            return false;
        }
        MirrorWriter.Outcome outcome = writer.write(client, List.of(write), null);
        if (outcome.failures() > 0) {
            throw new KubernetesClientException("status of Machine " + machine.getMetadata().getNamespace() + "/"
                    + outcome.firstError());
        }
        return true;
    }
}
