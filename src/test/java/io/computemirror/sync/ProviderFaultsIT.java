package io.computemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.CloreSpec;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Conditions;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferPhase;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.sandbox.Faults;
import io.computemirror.sandbox.RequestLog;
import io.computemirror.testing.ApiServerProfile;
import io.computemirror.testing.ClusterFixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Issue 14 acceptance, on the real API server with the Clore sandbox as a user meets it: 121 offers, page size 10,
 * a poll every 10 s. A provider that misbehaves for one request (a 429, a short page, an offer leaving while the pages
 * are read) costs no mirror writes and marks nothing Gone that is not gone.
 */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class ProviderFaultsIT {

    private static final int OFFERS = 121;
    /** Two polls with jitter, and room for the writes on a loaded machine. */
    private static final Duration TWO_POLLS = Duration.ofSeconds(45);

    @Inject
    KubernetesClient client;

    @Inject
    MeterRegistry registry;

    @Test
    void aRateLimitWritesNoMirrorAndNoRequestIsSentBeforeRetryAfter() {
        try (CloreSimulator clore = new CloreSimulator().withOffers(OFFERS).start();
                Account account = steadyState(clore, "faults-429")) {
            String ns = account.ns();
            Map<String, String> versions = resourceVersions(ns);
            clore.requests().clear();

            clore.faults().rateLimited(1, Duration.ofSeconds(20));
            await().atMost(TWO_POLLS).until(() -> "RateLimited".equals(readyReason(ns)));
            ComputeProvider throttled = provider(ns);
            assertThat(ready(throttled).getMessage())
                    .contains("20 s (Retry-After)")
                    .contains("next attempt at");
            RequestLog.Entry refused = clore.requests().entries().stream()
                    .filter(e -> e.status() == 429)
                    .findFirst()
                    .orElseThrow();
            Instant lastSuccessBefore = Instant.parse(throttled.getStatus().getLastSuccessTime());

            // The next successful poll comes after the wait the provider asked for, and no request comes before it.
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ComputeProvider cp = provider(ns);
                return "Polled".equals(readyReason(ns))
                        && Instant.parse(cp.getStatus().getLastSuccessTime()).isAfter(lastSuccessBefore);
            });
            List<RequestLog.Entry> after = clore.requests().entries().stream()
                    .filter(e -> e.time().isAfter(refused.time()))
                    .toList();
            assertThat(after).isNotEmpty().allSatisfy(e -> assertThat(Duration.between(refused.time(), e.time()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(20)));
            assertThat(clore.requests().entries().stream().filter(e -> e.status() == 429))
                    .hasSize(1);
            // Not one mirror was written for it: the API server's resource versions are all as they were.
            assertThat(resourceVersions(ns)).hasSize(OFFERS).isEqualTo(versions);
            assertThat(offers(ns)).allSatisfy(o -> assertThat(synced(o)).isEqualTo(Condition.Status.True));
        }
    }

    @Test
    void aShortPageMarksNothingGone() {
        try (CloreSimulator clore = new CloreSimulator().withOffers(OFFERS).start();
                Account account = steadyState(clore, "faults-short")) {
            String ns = account.ns();
            clore.faults().shortPage(1);
            await().atMost(TWO_POLLS).until(() -> {
                ComputeProvider cp = provider(ns);
                return cp.getStatus().getListing() != null
                        && Boolean.FALSE.equals(cp.getStatus().getListing().getComplete());
            });
            ComputeProvider incomplete = provider(ns);
            assertThat(incomplete.getStatus().getListing().getReason()).isEqualTo("ShortPage");
            assertThat(incomplete.getStatus().getListing().getSeen()).isLessThan(OFFERS);
            assertThat(incomplete.getStatus().getListing().getExpected()).isEqualTo(OFFERS);
            assertThat(ready(incomplete).getReason()).isEqualTo("ListingIncomplete");
            assertThat(incompleteListings(ns, "ShortPage")).isEqualTo(1);

            await().atMost(TWO_POLLS)
                    .until(() -> Boolean.TRUE.equals(
                            provider(ns).getStatus().getListing().getComplete()));
            assertThat(offers(ns)).hasSize(OFFERS).allSatisfy(o -> {
                assertThat(o.getStatus().getPhase()).isNotEqualTo(GpuOfferPhase.Gone);
                assertThat(o.getStatus().getGoneSince()).isNull();
            });
            assertThat(new ClusterFixtures(client).events(ns, "Gone")).isEmpty();
            assertThat(new ClusterFixtures(client).events(ns, "OffersGone")).isEmpty();
        }
    }

    @Test
    void anOfferLeavingWhileThePagesAreReadIsTheOnlyOneMarkedGone() {
        try (CloreSimulator clore = new CloreSimulator().withOffers(OFFERS).start();
                Account account = steadyState(clore, "faults-shift")) {
            String ns = account.ns();
            Set<String> before =
                    clore.offers().stream().map(CloreSimulator.Offer::machineId).collect(Collectors.toSet());
            clore.faults().listFault(Faults.Kind.SHIFT_LISTING, 1);
            await().atMost(TWO_POLLS).until(() -> clore.offerCount() == OFFERS - 1);
            Set<String> left = before.stream()
                    .filter(id ->
                            clore.offers().stream().noneMatch(o -> o.machineId().equals(id)))
                    .collect(Collectors.toSet());
            assertThat(left).hasSize(1);

            await().atMost(TWO_POLLS.multipliedBy(2))
                    .until(() -> offers(ns).stream().anyMatch(o -> o.getStatus().getPhase() == GpuOfferPhase.Gone));
            // One more complete poll: still only the offer that left.
            Instant marked = Instant.now();
            await().atMost(TWO_POLLS)
                    .until(() -> Instant.parse(provider(ns).getStatus().getLastSuccessTime())
                            .isAfter(marked.plusSeconds(1)));
            assertThat(offers(ns).stream()
                            .filter(o -> o.getStatus().getPhase() == GpuOfferPhase.Gone)
                            .map(o -> o.getSpec().getExternalId()))
                    .containsExactlyElementsOf(left);
            assertThat(offers(ns).stream().filter(o -> o.getStatus().getGoneSince() != null))
                    .hasSize(1);
            assertThat(new ClusterFixtures(client).events(ns, "Gone")).hasSize(1);
            assertThat(incompleteListings(ns, "TotalChanged")).isEqualTo(1);
        }
    }

    /** The test's ComputeProvider; deleted at the end, so it stops polling a closed simulator. */
    private record Account(KubernetesClient client, String ns) implements AutoCloseable {
        @Override
        public void close() {
            client.resources(ComputeProvider.class)
                    .inNamespace(ns)
                    .withName("clore")
                    .delete();
        }
    }

    /** A namespace with a ComputeProvider whose 121 offers are mirrored and Synced, after one more quiet poll. */
    private Account steadyState(CloreSimulator clore, String name) {
        ClusterFixtures k8s = new ClusterFixtures(client);
        String ns = k8s.namespace(name);
        k8s.provider(
                ns, "clore", ProviderType.Clore, clore.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10s", null, spec -> {
                    CloreSpec settings = new CloreSpec();
                    settings.setPageSize(10);
                    spec.setClore(settings);
                });
        await().atMost(Duration.ofSeconds(90))
                .until(() -> offers(ns).size() == OFFERS
                        && offers(ns).stream()
                                .allMatch(o -> o.getStatus() != null && synced(o) == Condition.Status.True));
        Instant synced = Instant.now();
        await().atMost(TWO_POLLS)
                .until(() -> provider(ns).getStatus().getLastSuccessTime() != null
                        && Instant.parse(provider(ns).getStatus().getLastSuccessTime())
                                .isAfter(synced));
        return new Account(client, ns);
    }

    private ComputeProvider provider(String ns) {
        return client.resources(ComputeProvider.class)
                .inNamespace(ns)
                .withName("clore")
                .get();
    }

    private List<GpuOffer> offers(String ns) {
        return client.resources(GpuOffer.class).inNamespace(ns).list().getItems();
    }

    private Map<String, String> resourceVersions(String ns) {
        return offers(ns).stream().collect(Collectors.toMap(o -> o.getMetadata().getName(), o -> o.getMetadata()
                .getResourceVersion()));
    }

    private String readyReason(String ns) {
        ComputeProvider cp = provider(ns);
        return cp == null || cp.getStatus() == null
                ? null
                : Conditions.find(cp.getStatus().getConditions(), ApiConstants.CONDITION_READY)
                        .map(Condition::getReason)
                        .orElse(null);
    }

    private static Condition ready(ComputeProvider cp) {
        return ClusterFixtures.condition(cp.getStatus().getConditions(), ApiConstants.CONDITION_READY);
    }

    private static Condition.Status synced(GpuOffer o) {
        return Conditions.find(o.getStatus().getConditions(), ApiConstants.CONDITION_SYNCED)
                .map(Condition::getStatus)
                .orElse(null);
    }

    private double incompleteListings(String ns, String reason) {
        return registry
                .find("computemirror.incomplete.listings")
                .tags("namespace", ns, "reason", reason)
                .counters()
                .stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
