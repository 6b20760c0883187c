package io.computemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferSpec;
import io.computemirror.api.v1alpha1.GpuOfferStatus;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

class CompactMirrorsTest {

    @Test
    void theCachedOfferSaysWhatTheServerSentWithoutManagedFields() {
        GpuOffer offer = offer();
        JsonNode sent = json(withoutManagedFields(offer()));

        GpuOffer cached = CompactMirrors.<GpuOffer>withoutManagedFields().apply(offer);

        // Same content; the order of the labels is not kept (nothing reads it: they are compared as maps).
        assertThat(json(cached)).isEqualTo(sent);
        assertThat(cached.getMetadata().getManagedFields()).isNull();
    }

    @Test
    void keepingManagedFieldsKeepsThem() {
        GpuOffer cached = CompactMirrors.<GpuOffer>keepingManagedFields().apply(offer());

        assertThat(cached.getMetadata().getManagedFields()).hasSize(1);
        assertThat(json(cached)).isEqualTo(json(offer()));
    }

    @Test
    void aWriteToACachedObjectFailsInsteadOfChangingTheCache() {
        GpuOffer cached = CompactMirrors.<GpuOffer>withoutManagedFields().apply(offer());

        assertThatThrownBy(() -> cached.getMetadata().getLabels().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> cached.getMetadata().getOwnerReferences().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> cached.getStatus().getConditions().add(new Condition()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void unknownFieldsTheServerSentAreKept() {
        GpuOffer offer = offer();
        offer.getMetadata().setAdditionalProperty("futureField", "kept");

        GpuOffer cached = CompactMirrors.<GpuOffer>withoutManagedFields().apply(offer);

        assertThat(cached.getMetadata().getAdditionalProperties()).containsEntry("futureField", "kept");
    }

    private static JsonNode json(GpuOffer offer) {
        return Serialization.jsonMapper().valueToTree(offer);
    }

    private static GpuOffer withoutManagedFields(GpuOffer offer) {
        offer.getMetadata().setManagedFields(null);
        return offer;
    }

    private static GpuOffer offer() {
        GpuOffer offer = new GpuOffer();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("computemirror.io/provider", "clore");
        labels.put("computemirror.io/gpu-count", "2");
        offer.setMetadata(new ObjectMetaBuilder()
                .withName("clore-1")
                .withNamespace("market")
                .withResourceVersion("42")
                .withLabels(labels)
                .withAnnotations(new LinkedHashMap<>(Map.of("computemirror.io/external-id", "1")))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("computemirror.io/v1alpha1")
                        .withKind("ComputeProvider")
                        .withName("clore")
                        .withUid("u-1")
                        .build())
                .withManagedFields(new ManagedFieldsEntryBuilder()
                        .withManager("computemirror")
                        .withOperation("Apply")
                        .build())
                .build());
        offer.setSpec(new GpuOfferSpec("clore", "1"));
        GpuOfferStatus status = new GpuOfferStatus();
        status.setConditions(new ArrayList<>(
                List.of(new Condition("Ready", Condition.Status.True, "Available", "the offer can be rented"))));
        offer.setStatus(status);
        return offer;
    }
}
