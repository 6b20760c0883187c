package io.computemirror.sync;

import io.computemirror.api.v1alpha1.ComputeProvider;

/**
 * What a {@link SyncPlan} needs of the ComputeProvider its mirrors belong to: its name and namespace, and its uid for
 * the owner reference (null when only an existing mirror's status is refreshed, which writes no owner reference).
 */
record MirrorOwner(String namespace, String name, String uid) {

    static MirrorOwner of(ComputeProvider cp) {
        return new MirrorOwner(
                cp.getMetadata().getNamespace(),
                cp.getMetadata().getName(),
                cp.getMetadata().getUid());
    }
}
