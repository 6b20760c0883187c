package io.computemirror.sync;

import java.util.Optional;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Whether a ComputeProvider was deleted while it was polled, so the poll's in-memory entries can be dropped.
 * <p>
 * The deletions informer's cache answers first: it stores a delete before its hook runs, so an object it still holds
 * has not been deleted, or its hook will run after this poll. An object it does not hold was either deleted or is so
 * new that this informer (a watch of its own, apart from the controller's) has not seen its add yet: a poll of a few
 * mirrors can finish first, and treating that as a delete dropped the poll's status write (the ComputeProvider kept no
 * status until the next change). Only then the API server decides, by name and uid.
 */
final class ProviderDeletion {

    private static final Logger LOG = Logger.getLogger(ProviderDeletion.class);

    private final Function<ResourceID, Optional<ComputeProvider>> cache;
    private final Function<ComputeProvider, ComputeProvider> server;

    /**
     * @param cache the deletions informer's cache
     * @param server reads the ComputeProvider of the same namespace and name from the API server (null when absent)
     */
    ProviderDeletion(
            Function<ResourceID, Optional<ComputeProvider>> cache, Function<ComputeProvider, ComputeProvider> server) {
        this.cache = cache;
        this.server = server;
    }

    boolean deleted(ComputeProvider cp) {
        if (cache.apply(ResourceID.fromResource(cp)).isPresent()) {
            return false;
        }
        try {
            ComputeProvider live = server.apply(cp);
            return live == null
                    || !live.getMetadata().getUid().equals(cp.getMetadata().getUid());
        } catch (KubernetesClientException e) {
            // Unknown: keep the entries (a delete's hook drops them later) rather than lose this poll's status.
            LOG.debugf(
                    "ComputeProvider %s/%s: could not tell whether it was deleted (%s)",
                    cp.getMetadata().getNamespace(), cp.getMetadata().getName(), e.getMessage());
            return false;
        }
    }
}
