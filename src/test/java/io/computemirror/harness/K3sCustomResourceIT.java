package io.computemirror.harness;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

import io.computemirror.testing.CustomResourceRoundTrip;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The same contract on a full k3s cluster (controllers, garbage collection). Needs a Docker engine: without one
 * JUnit reports this class as skipped ("disabledWithoutDocker"), never as passed.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sCustomResourceIT {

    @Container
    static final K3sContainer K3S =
            new K3sContainer(DockerImageName.parse("rancher/k3s:v" + TestApiServer.K8S_VERSION + "-k3s1"));

    @Test
    void customResourceSurvivesServerSideApplyAndStatusPatch() {
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
                .build()) {
            CustomResourceRoundTrip.run(client, "default");
        }
    }
}
