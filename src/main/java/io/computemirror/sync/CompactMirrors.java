package io.computemirror.sync;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.computemirror.api.v1alpha1.MirrorStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * What the mirror informers keep of each object (the transformation of their {@code TransformingItemStore}). The
 * caches hold every mirror for as long as the operator runs, so each one is kept compact: the labels, annotations,
 * owner references and conditions the client read into growable collections (a {@code LinkedHashMap} of four labels
 * is about 300 bytes, an immutable copy about 60) become immutable copies, and the empty maps of unknown fields
 * every Fabric8 model object carries become the one shared empty map. At 10,000 GpuOffers that is about 6 MB less
 * heap. Immutable copies also make an accidental write to a cached object fail instead of corrupting the cache: the
 * sync always builds new objects to write (SyncPlan).
 */
final class CompactMirrors {

    private CompactMirrors() {}

    /** Compacts mirrors and drops their managedFields (for kinds whose field ownership nothing reads). */
    static <R extends CustomResource<?, ? extends MirrorStatus>> UnaryOperator<R> withoutManagedFields() {
        return object -> {
            object.getMetadata().setManagedFields(null);
            return compact(object);
        };
    }

    /** Compacts mirrors and keeps their managedFields. */
    static <R extends CustomResource<?, ? extends MirrorStatus>> UnaryOperator<R> keepingManagedFields() {
        return CompactMirrors::compact;
    }

    static <R extends CustomResource<?, ? extends MirrorStatus>> R compact(R object) {
        ObjectMeta meta = object.getMetadata();
        meta.setLabels(copy(meta.getLabels()));
        meta.setAnnotations(copy(meta.getAnnotations()));
        if (meta.getOwnerReferences() != null) {
            meta.getOwnerReferences()
                    .forEach(o -> o.setAdditionalProperties(sharedIfEmpty(o.getAdditionalProperties())));
            meta.setOwnerReferences(List.copyOf(meta.getOwnerReferences()));
        }
        meta.setAdditionalProperties(sharedIfEmpty(meta.getAdditionalProperties()));
        MirrorStatus status = object.getStatus();
        if (status != null && status.getConditions() != null) {
            status.setConditions(List.copyOf(status.getConditions()));
        }
        return object;
    }

    /** The unknown fields a model object read: the one shared empty map when there are none. */
    private static Map<String, Object> sharedIfEmpty(Map<String, Object> unknownFields) {
        return unknownFields.isEmpty() ? Map.of() : unknownFields;
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? null : Map.copyOf(map);
    }
}
