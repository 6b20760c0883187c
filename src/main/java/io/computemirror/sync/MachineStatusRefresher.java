package io.computemirror.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import io.computemirror.account.ProviderAccounts;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.Condition;
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
 * <p>
 * The sync's writes are the only ones that carry a Machine's conditions list, so the actuation's own two conditions
 * ({@code Reconciling}, {@code Stalled}) are handed over here too, and written with the rest.
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
        List<Condition> conditions =
                machine.getStatus() == null ? List.of() : machine.getStatus().getConditions();
        return refresh(client, provider, machine, observation, conditions);
    }

    /**
     * As {@link #refresh(KubernetesClient, ComputeProvider, Machine, MachineObservation)}, with {@code conditions}
     * (the Machine's, with the actuation's two as it decided them) in place of the Machine's conditions; Synced and
     * Ready are brought up to date on top of them.
     */
    public boolean refresh(
            KubernetesClient client,
            ComputeProvider provider,
            Machine machine,
            MachineObservation observation,
            List<Condition> conditions) {
        String syncedMessage = SyncPlan.syncedMessage(ProviderAccounts.endpoint(provider));
        return write(
                client,
                MirrorOwner.of(provider),
                provider.getSpec().getType(),
                SuspensionCosts.warning(provider),
                machine,
                plan -> plan.refresh(machine, observation, syncedMessage, conditions));
    }

    /**
     * Writes {@code conditions} in place of the Machine's and nothing else (no generation observed, Ready as it is),
     * for a Machine the sync cannot refresh now: its ComputeProvider is missing, or its spec changed meanwhile.
     *
     * @return whether anything was written
     */
    public boolean writeConditions(KubernetesClient client, Machine machine, List<Condition> conditions) {
        MachineStatus status = machine.getStatus();
        return write(
                client,
                ownerByName(machine),
                status == null ? null : status.getProviderType(),
                SuspensionCosts.DEFAULT_WARNING,
                machine,
                plan -> plan.withOnlyConditions(machine, conditions));
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
        // Synced message is not rewritten (a refresh without observation keeps the condition's own). The suspension
        // (and its expiry flag) is kept as the last poll wrote it.
        return write(
                client,
                ownerByName(machine),
                status.getProviderType(),
                SuspensionCosts.DEFAULT_WARNING,
                machine,
                plan -> plan.refresh(machine, null, null));
    }

    private boolean write(
            KubernetesClient client,
            MirrorOwner owner,
            ProviderType type,
            Duration expiryWarning,
            Machine machine,
            Function<SyncPlan<Machine, MachineStatus, MachineObservation>, SyncPlan.Write<Machine>> planned) {
        Instant now = Instant.now();
        SyncPlan.Write<Machine> write =
                planned.apply(new SyncPlan<>(new MachineMirrors(type, expiryWarning, now), owner, now));
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

    /** The owner as far as a Machine names it: enough for a status write, which needs no owner reference. */
    private static MirrorOwner ownerByName(Machine machine) {
        return new MirrorOwner(
                machine.getMetadata().getNamespace(),
                machine.getSpec().getProviderRef().getName(),
                null);
    }
}
