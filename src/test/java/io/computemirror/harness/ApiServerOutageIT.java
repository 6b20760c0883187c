package io.computemirror.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferPhase;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.ClusterFixtures;
import io.computemirror.testing.CrdFiles;
import io.computemirror.testing.OperatorProcess;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A 60 s outage of kube-apiserver (stopped, then started again on the same etcd and port) under a running operator
 * process: it carries on by itself, loses no live mirror, and mirrors a change the provider made meanwhile within
 * one poll after the API server is back.
 */
@ExtendWith(ApiServerExtension.class)
class ApiServerOutageIT {

    private static final Map<String, String> INSECURE = Map.of("COMPUTEMIRROR_ALLOW_INSECURE_ENDPOINTS", "true");
    private static final int OFFERS = 20;
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    /** The 10 s poll interval plus its jitter and room for the writes (as SyncIT's ONE_POLL). */
    private static final Duration ONE_POLL = Duration.ofSeconds(25);

    @Test
    void theOperatorCarriesOnThroughASixtySecondApiServerOutageAndLosesNoMirror(
            TestApiServer server, KubernetesClient client) throws Exception {
        CrdFiles.install(client);
        ClusterFixtures fixtures = new ClusterFixtures(client);
        String ns = fixtures.namespace("outage");
        try (CloreSimulator clore = new CloreSimulator().withOffers(OFFERS).start();
                OperatorProcess operator = OperatorProcess.start(
                        "outage-operator", server.kubeConfigFile(), INSECURE, Path.of("target", "operator-logs"))) {
            fixtures.provider(
                    ns, "clore", ProviderType.Clore, clore.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10s", "0s");
            operator.awaitStarted(Duration.ofMinutes(2));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(fixtures.list(GpuOffer.class, ns))
                    .hasSize(OFFERS)
                    .allSatisfy(o -> assertThat(o.getStatus()).isNotNull().satisfies(s -> assertThat(s.getPhase())
                            .isIn(GpuOfferPhase.Available, GpuOfferPhase.Unavailable))));
            List<String> before = names(fixtures.list(GpuOffer.class, ns));
            String changed = clore.offers().stream()
                    .filter(o -> o.status().equals("available"))
                    .findFirst()
                    .orElseThrow()
                    .machineId();
            assertThat(fixtures.list(GpuOffer.class, ns))
                    .filteredOn(o -> changed.equals(o.getSpec().getExternalId()))
                    .singleElement()
                    .satisfies(o -> assertThat(o.getStatus().getPhase()).isEqualTo(GpuOfferPhase.Available));

            server.stopApiServer();
            clore.setStatus(changed, "unavailable");
            // The outage itself (not an assertion): the operator must ride it out with nothing to talk to.
            Thread.sleep(OUTAGE.toMillis());
            assertThat(operator.isAlive())
                    .as("operator alive after the outage; log:\n" + operator.log())
                    .isTrue();
            server.startApiServer();
            long back = System.nanoTime();

            await().atMost(ONE_POLL).untilAsserted(() -> assertThat(fixtures.list(GpuOffer.class, ns))
                    .filteredOn(o -> changed.equals(o.getSpec().getExternalId()))
                    .singleElement()
                    .satisfies(o -> assertThat(o.getStatus().getPhase()).isEqualTo(GpuOfferPhase.Unavailable)));
            System.out.printf(
                    "[outage] provider-side change mirrored %.1f s after kube-apiserver was back%n",
                    (System.nanoTime() - back) / 1e9);
            List<GpuOffer> after = fixtures.list(GpuOffer.class, ns);
            assertThat(names(after)).as("no mirror lost").containsExactlyInAnyOrderElementsOf(before);
            assertThat(after)
                    .noneSatisfy(o -> assertThat(o.getStatus().getPhase()).isEqualTo(GpuOfferPhase.Gone));
            assertThat(fixtures.events(ns, "Gone")).isEmpty();
            assertThat(fixtures.events(ns, "OffersGone")).isEmpty();
            assertThat(operator.isAlive())
                    .as("operator alive; log:\n" + operator.log())
                    .isTrue();
        }
    }

    private static List<String> names(List<GpuOffer> offers) {
        return offers.stream().map(o -> o.getMetadata().getName()).toList();
    }
}
