package io.computemirror.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Quarkus test profile: the operator runs against a real API server, with plain-http sandbox endpoints allowed. */
public class ApiServerProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.kubernetes-client.devservices.enabled", "false",
                "computemirror.allow-insecure-endpoints", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KubeApiServerTestResource.class));
    }
}
