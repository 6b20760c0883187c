package io.computemirror.sync;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.FieldManagers;
import io.computemirror.api.v1alpha1.MirrorStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Who a mirror is, for {@link SyncPlan}: found by {@code spec.externalId}, named, labelled and owned by its
 * ComputeProvider, and the two shapes the sync applies (the resource's identity, and the status subresource with only
 * the identifying metadata).
 */
final class MirrorIdentity<R extends CustomResource<?, S>, S extends MirrorStatus, O> {

    private final MirrorKind<R, S, O> kind;
    private final MirrorOwner owner;
    private final String providerName;

    MirrorIdentity(MirrorKind<R, S, O> kind, MirrorOwner owner) {
        this.kind = kind;
        this.owner = owner;
        this.providerName = owner.name();
    }

    /** Mirrors by external id; of two mirrors claiming one id the older (then by name) wins, the other is left alone. */
    Map<String, R> index(Collection<R> existing) {
        Map<String, R> byId = new LinkedHashMap<>();
        existing.stream()
                .filter(m -> kind.externalId(m) != null && providerName.equals(kind.providerName(m)))
                .sorted(Comparator.comparing((R m) ->
                                Objects.requireNonNullElse(m.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(MirrorIdentity::name))
                .forEach(m -> byId.putIfAbsent(kind.externalId(m), m));
        return byId;
    }

    R fresh(String externalId) {
        R mirror = kind.newResource(providerName, externalId);
        mirror.setMetadata(new ObjectMeta());
        mirror.getMetadata().setName(MirrorNames.name(providerName, externalId));
        mirror.getMetadata().setNamespace(owner.namespace());
        mirror.getMetadata().setGeneration(1L);
        return mirror;
    }

    Map<String, String> labels(Map<String, String> kindLabels) {
        Map<String, String> labels = new TreeMap<>(kindLabels);
        labels.put(ApiConstants.LABEL_MANAGED_BY, ApiConstants.MANAGED_BY_VALUE);
        labels.put(ApiConstants.LABEL_PROVIDER, providerName);
        return labels;
    }

    boolean hasIdentity(R mirror, Map<String, String> labels) {
        ObjectMeta meta = mirror.getMetadata();
        Map<String, String> current = Optional.ofNullable(meta.getLabels()).orElse(Map.of());
        boolean labelsMatch =
                labels.entrySet().stream().allMatch(e -> e.getValue().equals(current.get(e.getKey())))
                        && ownedLabelKeys(current).allMatch(labels::containsKey);
        boolean annotated = kind.externalId(mirror)
                .equals(Optional.ofNullable(meta.getAnnotations())
                        .orElse(Map.of())
                        .get(ApiConstants.ANNOTATION_EXTERNAL_ID));
        boolean owned = Optional.ofNullable(meta.getOwnerReferences()).orElse(List.of()).stream()
                .anyMatch(o -> Objects.equals(o.getUid(), owner.uid()));
        return labelsMatch && annotated && owned;
    }

    /** Label keys the sync sets on some mirrors (a label that no longer applies must be removed). */
    static java.util.stream.Stream<String> ownedLabelKeys(Map<String, String> labels) {
        return labels.keySet().stream()
                .filter(k -> k.equals(ApiConstants.LABEL_GPU_MODEL)
                        || k.equals(ApiConstants.LABEL_GPU_COUNT)
                        || k.equals(ApiConstants.LABEL_COUNTRY)
                        || k.equals(ApiConstants.LABEL_AVAILABLE));
    }

    /** What the sync applies to the resource itself: labels, the external-id annotation, the owner, the identity. */
    R identity(R mirror, Map<String, String> labels) {
        R identity = kind.newResource(providerName, kind.externalId(mirror));
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name(mirror));
        meta.setNamespace(owner.namespace());
        meta.setLabels(labels);
        meta.setAnnotations(Map.of(ApiConstants.ANNOTATION_EXTERNAL_ID, kind.externalId(mirror)));
        meta.setOwnerReferences(List.of(ownerReference()));
        identity.setMetadata(meta);
        return identity;
    }

    private OwnerReference ownerReference() {
        return new OwnerReferenceBuilder()
                .withApiVersion(ApiConstants.API_VERSION)
                .withKind("ComputeProvider")
                .withName(providerName)
                .withUid(owner.uid())
                .build();
    }

    /** What the sync applies to the status subresource: only the fields it owns, and only the identifying metadata. */
    R withStatus(R mirror, S status) {
        R patch = kind.newResource(providerName, kind.externalId(mirror));
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name(mirror));
        meta.setNamespace(owner.namespace());
        patch.setMetadata(meta);
        patch.setSpec(null);
        patch.setStatus(kind.owned(status));
        return patch;
    }

    /**
     * True when a field manager other than the sync wrote {@code spec.externalId}: the resource came from a user (or
     * GitOps), so the sync never deletes it.
     */
    static boolean identityWrittenByOthers(CustomResource<?, ?> mirror) {
        return Optional.ofNullable(mirror.getMetadata().getManagedFields()).orElse(List.of()).stream()
                .filter(f -> !FieldManagers.SYNC.equals(f.getManager()))
                .filter(f -> f.getSubresource() == null || f.getSubresource().isEmpty())
                .anyMatch(f -> f.getFieldsV1() != null
                        && Serialization.asJson(f.getFieldsV1()).contains("\"f:externalId\""));
    }

    private static String name(CustomResource<?, ?> mirror) {
        return mirror.getMetadata().getName();
    }
}
