package io.computemirror.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.computemirror.testing.ApiServerProfile;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** The operator's client decodes a watch event of each custom resource kind straight into its class. */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class CustomResourceKindsIT {

    @Inject
    KubernetesClient client;

    @Test
    void watchEventsOfEachKindDecodeIntoTheirClass() throws Exception {
        KubernetesSerialization serialization = client.getKubernetesSerialization();
        for (Class<? extends KubernetesResource> kind : CustomResourceKinds.KINDS) {
            // What the API server sends on a watch: the event type and the object, with its apiVersion and kind.
            String object = serialization.asJson(kind.getDeclaredConstructor().newInstance());
            String event = "{\"type\":\"ADDED\",\"object\":" + object + "}";

            Object decoded = serialization.unmarshal(event, WatchEvent.class).getObject();

            assertThat(decoded)
                    .as("the object of a %s watch event", kind.getSimpleName())
                    .isExactlyInstanceOf(kind);
        }
    }
}
