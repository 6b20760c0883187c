package io.computemirror.sync;

import java.time.Instant;
import java.util.List;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.provider.MachineObservation;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
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
     * @param machine the Machine with the actuation's fields ({@code status.operation}, {@code lastOperation}) as
     *        they are now, since Ready depends on them
     * @param observation a fresh read of the machine at the provider, or null to keep the provider data as it is
     * @return whether anything was written
     * @throws KubernetesClientException when the write failed
     */
    public boolean refresh(KubernetesClient client, ComputeProvider provider, Machine machine,
            MachineObservation observation) {
        SyncPlan<Machine, MachineStatus, MachineObservation> plan = new SyncPlan<>(
                new MachineMirrors(provider.getSpec().getType(), SuspensionCosts.warning(provider), Instant.now()),
                provider, Instant.now());
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

    /**
     * Brings {@code observedGeneration} and {@code Ready} up to date from the Machine alone (no provider call, no
     * ComputeProvider read), e.g. after a spec change that needs no action. Does nothing for a Machine the sync has
     * not written yet: its first write computes both.
     *
     * @return whether anything was written
     */
    public boolean refreshConditions(KubernetesClient client, Machine machine) {
        MachineStatus status = machine.getStatus();
        if (status == null || status.getProviderType() == null) {
            return false;
        }
        // Without an observation the plan needs only the account's name, namespace and type.
        ComputeProvider account = new ComputeProvider();
        account.setMetadata(new ObjectMetaBuilder().withName(machine.getSpec().getProviderRef().getName())
                .withNamespace(machine.getMetadata().getNamespace()).build());
        account.setSpec(new ComputeProviderSpec());
        account.getSpec().setType(status.getProviderType());
        return refresh(client, account, machine, null);
    }
}
