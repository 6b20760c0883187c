package io.computemirror.kube;

import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * A status written by server-side apply under one field manager: the fields the patch holds are the manager's, and
 * one it owned before and leaves out is removed, so every apply must hold all the fields its writer owns.
 * <p>
 * Applies are forced. Each status field has one writer (the table in {@code io.computemirror.api.v1alpha1}), so a
 * conflict can only come from a person or a tool that changed one of the writer's fields, and the operator's view wins.
 */
public final class StatusApply {

    private final PatchContext context;

    public StatusApply(String fieldManager) {
        this.context = new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(fieldManager)
                .withForce(true)
                .build();
    }

    /** Applies {@code patch}, a resource that holds only its name, namespace and the status to apply. */
    public <R extends CustomResource<?, ?>> R apply(KubernetesClient client, R patch) {
        return client.resource(patch).subresource("status").patch(context);
    }

    /**
     * Applies {@code status} to the object {@code target} names; nothing of {@code target} but its name and namespace
     * goes with it.
     *
     * @param empty a new, empty resource of the target's kind
     */
    public <R extends CustomResource<?, S>, S> R apply(KubernetesClient client, R target, Supplier<R> empty, S status) {
        R patch = empty.get();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(target.getMetadata().getName())
                .withNamespace(target.getMetadata().getNamespace())
                .build());
        patch.setSpec(null);
        patch.setStatus(status);
        return apply(client, patch);
    }
}
