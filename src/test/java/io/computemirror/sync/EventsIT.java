package io.computemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderStatus;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.AkuaSimulator;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.testing.ApiServerProfile;
import io.computemirror.testing.ClusterFixtures;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Events at market scale, on a real API server: a market-wide repricing costs one Event a poll, a single machine's
 * phase change still gets its own, and the dropped-Events metric is exported. Polls every 10 s.
 */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class EventsIT {

    private static final int OFFERS = 2000;
    private static final int REPRICINGS = 3;
    private static final int EVENT_BOUND = 100;
    private static final Duration POLL = Duration.ofSeconds(10);

    @Inject
    KubernetesClient client;

    @Inject
    MeterRegistry registry;

    @Test
    void repricingTwoThousandOffersInEachOfThreePollsWritesAtMostAHundredEvents() {
        try (CloreSimulator clore =
                new CloreSimulator().withSeed(5).withOffers(OFFERS).start()) {
            String ns = fixtures().namespace("events-market");
            fixtures()
                    .provider(
                            ns,
                            "clore",
                            ProviderType.Clore,
                            clore.baseUrl(),
                            CloreSimulator.DEFAULT_TOKEN,
                            POLL.toSeconds() + "s",
                            "10m");
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> mirrored(ns) == OFFERS);
            double writesBefore = eventWrites();

            int repriced = 0;
            for (int round = 1; round <= REPRICINGS; round++) {
                int changed = clore.changePrices(1.0);
                assertThat(changed).isEqualTo(OFFERS);
                repriced += changed;
                Map<String, List<String>> expected = clore.offers().stream()
                        .collect(Collectors.toMap(CloreSimulator.Offer::machineId, o -> o.prices().stream()
                                .map(CloreSimulator.Price::amount)
                                .toList()));
                // A list of 2,000 offers can outlast the client's request timeout on a loaded machine: try again.
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(2))
                        .ignoreExceptionsInstanceOf(KubernetesClientException.class)
                        .until(() -> fixtures().list(GpuOffer.class, ns).stream()
                                .allMatch(o -> o.getStatus().getPrices().stream()
                                        .map(p -> p.getAmount())
                                        .toList()
                                        .equals(expected.get(o.getSpec().getExternalId()))));
            }
            // The summaries are written after each poll's writes: wait until they are all there and stay put.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> fixtures().events(ns, "PricesChanged").size() >= REPRICINGS);
            await().pollDelay(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> true);

            List<Event> events = client.v1().events().inNamespace(ns).list().getItems();
            int occurrences = events.stream()
                    .mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
                    .sum();
            double writes = eventWrites() - writesBefore;
            System.out.printf(
                    "[EventsIT] %d offers repriced in %d rounds: %d Events in the namespace, %d occurrences "
                            + "(creates + patches), %.0f Event writes by the operator (all namespaces)%n",
                    OFFERS, REPRICINGS, events.size(), occurrences, writes);
            events.forEach(e -> System.out.printf(
                    "[EventsIT]   %s %s x%d: %s%n",
                    e.getInvolvedObject().getName(), e.getReason(), e.getCount(), e.getMessage()));
            assertThat(repriced).isEqualTo(REPRICINGS * OFFERS);
            assertThat(events).hasSizeLessThanOrEqualTo(EVENT_BOUND);
            assertThat(occurrences).as("creates + patches").isLessThanOrEqualTo(EVENT_BOUND);
            assertThat(events).noneMatch(e -> e.getReason().equals("PriceChanged"));
            assertThat(fixtures().events(ns, "PricesChanged"))
                    .allSatisfy(e -> {
                        assertThat(e.getInvolvedObject().getKind()).isEqualTo("ComputeProvider");
                        assertThat(e.getInvolvedObject().getName()).isEqualTo("clore");
                        assertThat(e.getMessage()).containsPattern("^\\d+ GpuOffers changed price this poll \\(");
                    })
                    .extracting(e -> Integer.parseInt(
                            e.getMessage().substring(0, e.getMessage().indexOf(' '))))
                    .as("offers each summary stands for")
                    .allSatisfy(n -> assertThat(n).isGreaterThan(PollEvents.OWN_EVENTS))
                    .satisfies(counts -> assertThat(
                                    counts.stream().mapToInt(Integer::intValue).sum())
                            .as("a repricing that straddles two polls is summarised by both")
                            .isBetween(REPRICINGS * OFFERS * 9 / 10, REPRICINGS * OFFERS));
        }
    }

    @Test
    void aSingleMachinesPhaseChangeStillGetsItsOwnEvent() {
        try (AkuaSimulator akua = new AkuaSimulator().withMachines(3).start()) {
            String ns = fixtures().namespace("events-machine");
            akua.machineIds().forEach(id -> akua.setState(id, "ACTIVE"));
            fixtures()
                    .provider(
                            ns,
                            "akua",
                            ProviderType.Akua,
                            akua.baseUrl(),
                            AkuaSimulator.DEFAULT_TOKEN,
                            POLL.toSeconds() + "s",
                            "10m");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> fixtures().list(Machine.class, ns).stream()
                                    .filter(m -> m.getStatus() != null
                                            && m.getStatus().getPhase() == MachinePhase.Running)
                                    .count()
                            == 3);
            String id = akua.machineIds().get(0);

            akua.setState(id, "SUSPENDED");

            Event own = await().atMost(Duration.ofSeconds(30))
                    .until(() -> fixtures().events(ns, "PhaseChanged"), e -> !e.isEmpty())
                    .get(0);
            Machine changed = fixtures().list(Machine.class, ns).stream()
                    .filter(m -> id.equals(m.getSpec().getExternalId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(own.getInvolvedObject().getKind()).isEqualTo("Machine");
            assertThat(own.getInvolvedObject().getName())
                    .isEqualTo(changed.getMetadata().getName());
            assertThat(own.getInvolvedObject().getUid())
                    .isEqualTo(changed.getMetadata().getUid());
            assertThat(own.getMessage()).startsWith("phase Running → Suspended");
            assertThat(fixtures().events(ns, "PhaseChanged")).hasSize(1);
            assertThat(fixtures().events(ns, "PhasesChanged")).isEmpty();
        }
    }

    @Test
    void theDroppedEventsMetricIsExported() throws Exception {
        assertThat(registry.get("computemirror.events.dropped")
                        .tag("reason", "queue_full")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.get("computemirror.events.dropped")
                        .tag("reason", "spam_filtered")
                        .counter())
                .isNotNull();
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
                .contains("computemirror_events_dropped_total{reason=\"queue_full\"}")
                .contains("computemirror_events_dropped_total{reason=\"spam_filtered\"}")
                .contains("computemirror_events_aggregated_total")
                .contains("computemirror_events_queued");
    }

    private int mirrored(String ns) {
        ComputeProvider cp = fixtures().get(ComputeProvider.class, ns, "clore");
        ComputeProviderStatus.ObjectCounts objects =
                cp == null || cp.getStatus() == null ? null : cp.getStatus().getObjects();
        return objects == null || objects.getTotal() == null ? 0 : objects.getTotal();
    }

    private double eventWrites() {
        return registry.find("computemirror.events.writes").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private ClusterFixtures fixtures() {
        return new ClusterFixtures(client);
    }
}
