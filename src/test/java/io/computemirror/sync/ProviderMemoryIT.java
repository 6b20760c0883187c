package io.computemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.testing.ApiServerProfile;
import io.computemirror.testing.ClusterFixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Issue 13 point 5: what the sync keeps in memory per ComputeProvider (its client, a refused client, ids held by the
 * mass-vanish guard, its metric gauges) is dropped when the ComputeProvider is deleted, so memory does not grow with
 * churn. 200 ComputeProviders (half of them with a credential the provider refuses) are created and deleted.
 */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class ProviderMemoryIT {

    private static final int PROVIDERS = 200;

    @Inject
    KubernetesClient client;

    @Inject
    ComputeProviderReconciler reconciler;

    @Test
    void deletingComputeProvidersDropsEveryInMemoryEntry() {
        ClusterFixtures k8s = new ClusterFixtures(client);
        try (CloreSimulator clore = new CloreSimulator().withOffers(1).start();
                CloreSimulator vanishing = new CloreSimulator().withOffers(12).start()) {
            Map<String, Integer> before = Map.copyOf(reconciler.memory());
            String ns = k8s.namespace("memory-churn");
            IntStream.range(0, PROVIDERS)
                    .forEach(i -> k8s.provider(
                            ns,
                            "cp-" + i,
                            ProviderType.Clore,
                            clore.baseUrl(),
                            i % 2 == 0 ? CloreSimulator.DEFAULT_TOKEN : "refused-token-" + i,
                            "10m",
                            "10m"));
            // One more whose whole listing vanishes, so the mass-vanish guard holds ids for it.
            k8s.provider(
                    ns, "held", ProviderType.Clore, vanishing.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10s", "10m");
            await().atMost(Duration.ofSeconds(120)).until(() -> k8s.list(ComputeProvider.class, ns).stream()
                    .allMatch(cp -> cp.getStatus() != null && cp.getStatus().getLastPollTime() != null));
            vanishing.removeOffers(12);
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> assertThat(reconciler.memory().get("held")).isEqualTo(before.get("held") + 1));
            Map<String, Integer> during = reconciler.memory();
            assertThat(during.get("clients")).isEqualTo(before.get("clients") + PROVIDERS + 1);
            assertThat(during.get("refusedClients")).isEqualTo(before.get("refusedClients") + PROVIDERS / 2);
            assertThat(during.get("mirrorGauges")).isGreaterThan(before.get("mirrorGauges"));

            k8s.list(ComputeProvider.class, ns)
                    .forEach(cp -> client.resource(cp).delete());

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(reconciler.memory()).isEqualTo(before));
            assertThat(k8s.list(ComputeProvider.class, ns)).isEmpty();
        }
    }
}
