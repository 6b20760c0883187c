package io.computemirror.actuation;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.computemirror.account.ProviderAccounts;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.provider.OperationLifecycle;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The actuation's way to a provider client. The ComputeProvider comes from the actuation's informer cache; only here
 * is it turned into a client ({@link ProviderAccounts#resolve}: the endpoint check and a Secret read), and only when a
 * request is about to be sent. While an operation is followed (a check every second at first) the client resolved
 * for it is kept per Machine, so the follow-ups read neither the Secret nor DNS again; the entry is dropped when the
 * operation ends, when the ComputeProvider's spec changes, when the provider refuses the credential, and when the
 * Machine is deleted.
 */
@ApplicationScoped
class ActuationAccounts {

    /** A client for the account's machines, or why there is none (names the object, the field and the fix). */
    sealed interface Lookup {}

    record Usable(OperationLifecycle lifecycle) implements Lookup {}

    record Unusable(String problem) implements Lookup {}

    /** The client that follows one Machine's operation, valid for one generation of its ComputeProvider. */
    private record Following(String providerUid, Long providerGeneration, OperationLifecycle lifecycle) {}

    private final ProviderAccounts accounts;
    /** Machine uid → the client following its running operation. */
    private final Map<String, Following> following = new ConcurrentHashMap<>();

    private final ActuationMetrics metrics;

    ActuationAccounts(ProviderAccounts accounts, ActuationMetrics metrics) {
        this.metrics = metrics;
        this.accounts = accounts;
        metrics.tracked("following", this::trackedMachines);
    }

    /** Resolves the account now (reads its Secret): for a request about to be sent. */
    Lookup resolve(ComputeProvider provider, KubernetesClient client) {
        ProviderAccounts.Resolution resolution = accounts.resolve(provider, client);
        if (resolution instanceof ProviderAccounts.Unusable unusable) {
            return new Unusable("ComputeProvider " + provider.getMetadata().getNamespace() + "/"
                    + provider.getMetadata().getName() + " is not usable: " + unusable.message());
        }
        if (!(((ProviderAccounts.Usable) resolution).client() instanceof OperationLifecycle lifecycle)) {
            return new Unusable("ComputeProvider " + provider.getMetadata().getNamespace() + "/"
                    + provider.getMetadata().getName() + " has no operation lifecycle to suspend machines with");
        }
        return new Usable(lifecycle);
    }

    /** Keeps the client that started this Machine's operation for the checks that follow it. */
    void startedFollowing(String machineUid, ComputeProvider provider, OperationLifecycle lifecycle) {
        following.put(
                machineUid,
                new Following(
                        provider.getMetadata().getUid(), provider.getMetadata().getGeneration(), lifecycle));
    }

    /**
     * The client following this Machine's operation: the one kept, while the account's spec is unchanged; else (after
     * a restart, a spec change or a refused credential) resolved again and kept.
     */
    Lookup forFollowing(String machineUid, ComputeProvider provider, KubernetesClient client) {
        Following kept = following.get(machineUid);
        if (kept != null
                && kept.providerUid().equals(provider.getMetadata().getUid())
                && Objects.equals(
                        kept.providerGeneration(), provider.getMetadata().getGeneration())) {
            return new Usable(kept.lifecycle());
        }
        Lookup lookup = resolve(provider, client);
        if (lookup instanceof Usable usable) {
            startedFollowing(machineUid, provider, usable.lifecycle());
        }
        return lookup;
    }

    /** The operation ended, or the kept client's credential was refused: the next follow-up resolves again. */
    void stopFollowing(String machineUid) {
        following.remove(machineUid);
    }

    /** Drops everything kept for a deleted Machine. */
    void forget(String machineUid) {
        following.remove(machineUid);
        metrics.ended(machineUid);
    }

    /** Machines with a kept client (for the metric and the churn test). */
    int trackedMachines() {
        return following.size();
    }
}
