package io.computemirror.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.ClusterFixtures;
import io.computemirror.testing.CrdFiles;
import io.computemirror.testing.OperatorProcess;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * kill -9 of the operator in the middle of a 2,000-offer first sync: the next process creates no duplicate mirror
 * (one GpuOffer per offer id) and finishes the sync.
 */
@ExtendWith(ApiServerExtension.class)
class KillDuringFirstSyncIT {

    private static final Map<String, String> INSECURE = Map.of("COMPUTEMIRROR_ALLOW_INSECURE_ENDPOINTS", "true");
    private static final int OFFERS = 2_000;

    @Test
    void aProcessKilledMidFirstSyncLeavesNoDuplicateForTheNextOne(TestApiServer server, KubernetesClient client)
            throws Exception {
        CrdFiles.install(client);
        ClusterFixtures fixtures = new ClusterFixtures(client);
        String ns = fixtures.namespace("kill-first-sync");
        Path logs = Path.of("target", "operator-logs");
        try (CloreSimulator clore = new CloreSimulator().withOffers(OFFERS).start()) {
            // A long poll interval: the second process's own first sync is what finishes the job.
            fixtures.provider(
                    ns, "clore", ProviderType.Clore, clore.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10m", "10m");
            int atKill;
            try (OperatorProcess first =
                    OperatorProcess.start("first-sync-killed", server.kubeConfigFile(), INSECURE, logs)) {
                first.awaitStarted(Duration.ofMinutes(2));
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> fixtures.list(GpuOffer.class, ns).size() >= OFFERS / 10);
                first.kill();
                atKill = fixtures.list(GpuOffer.class, ns).size();
            }
            assertThat(atKill).as("killed in the middle of the first sync").isBetween(OFFERS / 10, OFFERS - 1);

            try (OperatorProcess second =
                    OperatorProcess.start("first-sync-second", server.kubeConfigFile(), INSECURE, logs)) {
                second.awaitStarted(Duration.ofMinutes(2));
                await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> {
                    assertThat(second.isAlive())
                            .as("second operator alive; log:\n" + second.log())
                            .isTrue();
                    assertThat(fixtures.list(GpuOffer.class, ns))
                            .hasSize(OFFERS)
                            .allSatisfy(o -> assertThat(o.getStatus()).isNotNull());
                });
                List<GpuOffer> offers = fixtures.list(GpuOffer.class, ns);
                Map<String, Long> perId = offers.stream()
                        .collect(Collectors.groupingBy(o -> o.getSpec().getExternalId(), Collectors.counting()));
                assertThat(perId).as("one mirror per offer id").hasSize(OFFERS).allSatisfy((id, n) -> assertThat(n)
                        .isEqualTo(1L));
                assertThat(perId.keySet())
                        .containsExactlyInAnyOrderElementsOf(clore.offers().stream()
                                .map(CloreSimulator.Offer::machineId)
                                .toList());
            }
        }
    }
}
