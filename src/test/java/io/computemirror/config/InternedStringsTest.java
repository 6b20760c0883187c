package io.computemirror.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.computemirror.api.v1alpha1.GpuOffer;

class InternedStringsTest {

    private final ObjectMapper mapper = customized();

    @Test
    void repeatedValuesOfTwoOffersAreOneInstance() throws Exception {
        GpuOffer first = mapper.readValue(offer("clore-1", "1"), GpuOffer.class);
        GpuOffer second = mapper.readValue(offer("clore-2", "2"), GpuOffer.class);

        assertThat(second.getMetadata().getNamespace())
                .isSameAs(first.getMetadata().getNamespace());
        assertThat(second.getMetadata().getLabels().get("computemirror.io/gpu-model"))
                .isSameAs(first.getMetadata().getLabels().get("computemirror.io/gpu-model"));
        assertThat(second.getMetadata().getOwnerReferences().get(0).getUid())
                .isSameAs(first.getMetadata().getOwnerReferences().get(0).getUid());
        assertThat(second.getStatus().getConditions().get(0).getMessage())
                .isSameAs(first.getStatus().getConditions().get(0).getMessage());
        assertThat(second.getStatus().getGpus().get(0).getName())
                .isSameAs(first.getStatus().getGpus().get(0).getName());
        // Values are still what was read.
        assertThat(second.getMetadata().getName()).isEqualTo("clore-2");
        assertThat(second.getSpec().getExternalId()).isEqualTo("2");
    }

    @Test
    void longValuesAreLeftAlone() throws Exception {
        String longMessage = "x".repeat(InternedStrings.MAX_LENGTH + 1);
        String json = mapper.writeValueAsString(Map.of(
                "apiVersion",
                "computemirror.io/v1alpha1",
                "kind",
                "GpuOffer",
                "metadata",
                Map.of("name", "a"),
                "status",
                Map.of("providerState", longMessage)));
        GpuOffer first = mapper.readValue(json, GpuOffer.class);
        GpuOffer second = mapper.readValue(json, GpuOffer.class);
        assertThat(second.getStatus().getProviderState())
                .isEqualTo(first.getStatus().getProviderState())
                .isNotSameAs(first.getStatus().getProviderState());
    }

    private static ObjectMapper customized() {
        ObjectMapper mapper = new ObjectMapper();
        new InternedStrings().customize(mapper);
        return mapper;
    }

    private static String offer(String name, String externalId) throws Exception {
        // Built as JSON text, so every string is a fresh instance as it would be off the wire.
        return new ObjectMapper()
                .writeValueAsString(Map.of(
                        "apiVersion", "computemirror.io/v1alpha1",
                        "kind", "GpuOffer",
                        "metadata",
                                Map.of(
                                        "name",
                                        name,
                                        "namespace",
                                        new String("team-a".toCharArray()),
                                        "labels",
                                        Map.of("computemirror.io/gpu-model", new String("nvidia-a100".toCharArray())),
                                        "ownerReferences",
                                        List.of(Map.of(
                                                "apiVersion", "computemirror.io/v1alpha1",
                                                "kind", "ComputeProvider",
                                                "name", "clore",
                                                "uid", new String("8d0c2a8e-uid".toCharArray())))),
                        "spec", Map.of("providerRef", Map.of("name", "clore"), "externalId", externalId),
                        "status",
                                Map.of(
                                        "gpus", List.of(Map.of("name", new String("NVIDIA A100".toCharArray()))),
                                        "conditions",
                                                List.of(Map.of(
                                                        "type", "Synced",
                                                        "status", "True",
                                                        "reason", "Polled",
                                                        "message",
                                                                new String("status is what the provider last reported"
                                                                        .toCharArray()))))));
    }
}
