package io.computemirror.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.computemirror.account.ProviderAccounts;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.api.v1alpha1.ProviderType;
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
     * @param machine the Machine with the actuation's fields ({@code status.operation}, {@code lastOperation}) as
     *        they are now, since Ready depends on them
     * @param observation a fresh read of the machine at the provider, or null to keep the provider data as it is
     * @return whether anything was written
     * @throws KubernetesClientException when the write failed
     */
    public boolean refresh(
            KubernetesClient client, ComputeProvider provider, Machine machine, MachineObservation observation) {
        return refresh(
                client,
                MirrorOwner.of(provider),
                provider.getSpec().getType(),
                SuspensionCosts.warning(provider),
                machine,
                observation,
                SyncPlan.syncedMessage(ProviderAccounts.endpoint(provider)));
    }

    private boolean refresh(
            KubernetesClient client,
            MirrorOwner owner,
            ProviderType type,
            Duration expiryWarning,
            Machine machine,
            MachineObservation observation,
            String syncedMessage) {
        Instant now = Instant.now();
        SyncPlan<Machine, MachineStatus, MachineObservation> plan =
                new SyncPlan<>(new MachineMirrors(type, expiryWarning, now), owner, now);
        SyncPlan.Write<Machine> write = plan.refresh(machine, observation, syncedMessage);
        if (write == null) {
            return false;
        }
        MirrorWriter.Outcome outcome = writer.write(client, List.of(write), null);
        if (outcome.failures() > 0) {
            throw new KubernetesClientException(
                    "status of Machine " + machine.getMetadata().getNamespace() + "/" + outcome.firstError());
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
        // Without an observation the plan needs only the owner's name and namespace, and the provider type; the
        // Synced message is not rewritten (a refresh without observation keeps the condition's own).
        MirrorOwner owner = new MirrorOwner(
                machine.getMetadata().getNamespace(),
                machine.getSpec().getProviderRef().getName(),
                null);
        // Without an observation the suspension (and its expiry flag) is kept as the last poll wrote it.
        return refresh(client, owner, status.getProviderType(), SuspensionCosts.DEFAULT_WARNING, machine, null, null);
    }
}
