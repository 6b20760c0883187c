package io.computemirror.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.CloreSpec;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferPhase;
import io.computemirror.api.v1alpha1.GpuOfferQuery;
import io.computemirror.api.v1alpha1.GpuOfferQuerySpec;
import io.computemirror.api.v1alpha1.GpuOfferQueryStatus;
import io.computemirror.api.v1alpha1.PriceUnit;
import io.computemirror.api.v1alpha1.PricingSettings;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.sandbox.ExchangeRatesSimulator;
import io.computemirror.testing.ApiServerProfile;
import io.computemirror.testing.ClusterFixtures;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Market intelligence end to end: the operator (Quarkus app) on a real API server, the Clore sandbox and a rates
 * endpoint. Polls every 10 s, the smallest interval the API allows.
 */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class MarketIT {

    private static final String RTX_4090 = "Nvidia GeForce RTX 4090";
    private static final Duration POLL = Duration.ofSeconds(10);
    /** One poll (with its 10% jitter) plus the 2 s a query may take to follow. */
    private static final Duration ONE_POLL_PLUS_2S = POLL.plusSeconds(1).plusSeconds(2);

    @Inject
    KubernetesClient client;

    @Test
    void aQueryNamesTheHandComputedCheapestAndFollowsPriceChangesAndOffersLeaving() throws Exception {
        Instant rateTime = Instant.now().minusSeconds(60);
        try (CloreSimulator clore =
                        new CloreSimulator().withSeed(7).withOffers(150).start();
                ExchangeRatesSimulator rates = ExchangeRatesSimulator.start()) {
            rates.rate("BTC", "USD", "97000", rateTime);
            String ns = fixtures().namespace("market-query");
            // The ConfigMap's BTC rate is older than the endpoint's, so the endpoint's is used.
            client.configMaps()
                    .inNamespace(ns)
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("exchange-rates")
                            .endMetadata()
                            .withData(Map.of("BTC-USD", "90000 " + rateTime.minusSeconds(3600)))
                            .build())
                    .create();
            provider(ns, clore, pricing(rates.url(), "exchange-rates", "USD"));
            awaitOffers(ns, clore.offerCount());

            GpuOfferQuery query = query(ns, "rtx4090-pair", "nvidia-geforce-rtx-4090", 2);
            ListingOracle.Cheapest expected = oracle(clore);
            assertThat(expected.candidates())
                    .as("RTX 4090 offers with 2+ GPUs in the sandbox")
                    .isGreaterThanOrEqualTo(3);
            GpuOfferQueryStatus status = await().atMost(Duration.ofSeconds(10))
                    .until(() -> queryStatus(ns, query), s -> s != null && s.getCheapest() != null);
            assertThat(status.getCheapest().getExternalId()).isIn(expected.machineIds());
            assertThat(status.getCheapest().getPricePerGpuHour()).isEqualTo(expected.published());
            assertThat(status.getCheapest().getCurrency()).isEqualTo("USD");
            assertThat(status.getMatchedOffers()).isEqualTo(expected.candidates());
            assertThat(status.getObservedGeneration()).isEqualTo(1);
            assertThat(ClusterFixtures.condition(status.getConditions(), "Ready"))
                    .satisfies(c -> {
                        assertThat(c.getStatus()).isEqualTo(Condition.Status.True);
                        assertThat(c.getReason()).isEqualTo("Matched");
                    });
            assertThat(status.getTop()).hasSizeLessThanOrEqualTo(5).first().satisfies(t -> assertThat(t.getName())
                    .isEqualTo(status.getCheapest().getName()));
            // A BTC-priced offer was converted with the newer (endpoint) rate, and says so.
            assertThat(fixtures().list(GpuOffer.class, ns)).anySatisfy(o -> {
                assertThat(o.getStatus().getNormalizedPrice().getBasis().getCurrency())
                        .isEqualTo("BTC");
                assertThat(o.getStatus().getNormalizedPrice().getBasis().getRate())
                        .isEqualTo("97000");
                assertThat(o.getStatus().getNormalizedPrice().getBasis().getRateSource())
                        .startsWith("endpoint http://");
                assertThat(o.getStatus().getNormalizedPrice().getBasis().getUnit())
                        .isEqualTo(PriceUnit.Day);
            });

            // Idle polls write nothing to the query.
            String version = get(GpuOfferQuery.class, ns, query.getMetadata().getName())
                    .getMetadata()
                    .getResourceVersion();
            java.util.Set<String> polls = new java.util.HashSet<>();
            polls.add(get(ComputeProvider.class, ns, "clore").getStatus().getLastPollTime());
            await().atMost(POLL.multipliedBy(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        polls.add(get(ComputeProvider.class, ns, "clore")
                                .getStatus()
                                .getLastPollTime());
                        return polls.size() >= 3;
                    });
            assertThat(get(GpuOfferQuery.class, ns, query.getMetadata().getName())
                            .getMetadata()
                            .getResourceVersion())
                    .as("query written during idle polls")
                    .isEqualTo(version);

            // A price change at the provider: a matching offer that is not the cheapest becomes the cheapest.
            String before = status.getCheapest().getName();
            CloreSimulator.Offer target = clore.offers().stream()
                    .filter(o -> o.status().equals("available")
                            && o.gpus().size() >= 2
                            && o.gpus().stream().allMatch(g -> g.name().equals(RTX_4090))
                            && !expected.machineIds().contains(o.machineId()))
                    .findFirst()
                    .orElseThrow();
            String newAmount = new BigDecimal("0.024")
                    .multiply(BigDecimal.valueOf(target.gpus().size()))
                    .toPlainString();
            Instant changed = Instant.now();
            clore.setPrice(target.machineId(), newAmount);
            ListingOracle.Cheapest afterChange = oracle(clore);
            assertThat(afterChange.machineIds()).containsExactly(target.machineId());
            AtomicReference<Instant> offerWritten = new AtomicReference<>();
            GpuOfferQueryStatus moved = await().pollInterval(Duration.ofMillis(100))
                    .atMost(ONE_POLL_PLUS_2S.plusSeconds(5))
                    .until(
                            () -> {
                                GpuOffer offer = offerById(ns, target.machineId());
                                if (offerWritten.get() == null
                                        && offer.getStatus().getLastPriceChangeTime() != null) {
                                    offerWritten.set(Instant.now());
                                }
                                return queryStatus(ns, query);
                            },
                            s -> s.getCheapest() != null
                                    && target.machineId().equals(s.getCheapest().getExternalId()));
            Instant followed = Instant.now();
            Duration total = Duration.between(changed, followed);
            Duration afterOffer = Duration.between(Objects.requireNonNullElse(offerWritten.get(), followed), followed);
            System.out.printf(
                    "[MarketIT] price change -> query status %d ms (offer status -> query status %d ms)%n",
                    total.toMillis(), afterOffer.toMillis());
            assertThat(total).as("price change to query status").isLessThanOrEqualTo(ONE_POLL_PLUS_2S);
            assertThat(afterOffer).as("offer status to query status").isLessThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(moved.getCheapest().getPricePerGpuHour())
                    .isEqualTo(afterChange.published())
                    .isEqualTo("0.001");
            assertThat(moved.getLastChangeTime()).isNotEqualTo(status.getLastChangeTime());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events(ns, "CheapestChanged"))
                    .anySatisfy(e -> {
                        assertThat(e.getInvolvedObject().getName())
                                .isEqualTo(query.getMetadata().getName());
                        assertThat(e.getMessage())
                                .contains(before)
                                .contains(moved.getCheapest().getName())
                                .contains("0.001 USD/GPU-hour");
                    }));
            GpuOffer repriced = offerById(ns, target.machineId());
            assertThat(repriced.getStatus().getPriceHistory()).hasSize(2);
            assertThat(repriced.getStatus().getPriceHistory().get(1)).satisfies(p -> {
                assertThat(p.getAmount()).isEqualTo(newAmount);
                assertThat(p.getCurrency()).isEqualTo("USD");
                assertThat(p.getPerGpuHour()).isEqualTo("0.001");
                assertThat(p.getTime()).isEqualTo(repriced.getStatus().getLastPriceChangeTime());
            });
            assertThat(repriced.getStatus().getFirstSeenTime())
                    .isEqualTo(repriced.getStatus().getPriceHistory().get(0).getTime());
            assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(repriced)
                            .length())
                    .isLessThan(8 * 1024);

            // The offer leaves the market: it leaves the query too.
            assertThat(clore.removeOffer(target.machineId())).isTrue();
            GpuOfferQueryStatus left = await().atMost(ONE_POLL_PLUS_2S.plusSeconds(5))
                    .until(
                            () -> queryStatus(ns, query),
                            s -> s.getCheapest() != null
                                    && !target.machineId()
                                            .equals(s.getCheapest().getExternalId()));
            assertThat(offerById(ns, target.machineId()).getStatus().getPhase()).isEqualTo(GpuOfferPhase.Gone);
            assertThat(left.getTop()).noneMatch(t -> t.getExternalId().equals(target.machineId()));
            assertThat(left.getMatchedOffers()).isEqualTo(expected.candidates() - 1);
            assertThat(left.getCheapest().getExternalId()).isIn(oracle(clore).machineIds());
        }
    }

    @Test
    void anOfferWhosePriceCannotBeConvertedSaysWhyAndHasNoNormalisedPrice() {
        try (CloreSimulator clore =
                new CloreSimulator().withSeed(3).withOffers(10).start()) {
            String ns = fixtures().namespace("market-unconvertible");
            provider(ns, clore, pricing(null, "missing-rates", "EUR"));
            List<GpuOffer> offers = awaitOffers(ns, 10);
            assertThat(offers).allSatisfy(o -> {
                assertThat(o.getStatus().getNormalizedPrice()).isNull();
                assertThat(o.getStatus().getNormalizedPriceProblem().getReason())
                        .isEqualTo("NoExchangeRate");
                assertThat(o.getStatus().getNormalizedPriceProblem().getMessage())
                        .contains("no USD-EUR exchange rate")
                        .contains(
                                "ConfigMap " + ns + "/missing-rates (spec.clore.pricing.ratesConfigMapRef) not found");
                assertThat(o.getStatus().getPriceHistory()).singleElement().satisfies(p -> assertThat(p.getPerGpuHour())
                        .isNull());
            });
            // A query with a price ceiling matches none of them; without one, they match and rank unpriced.
            GpuOfferQuery capped = query(ns, "capped", null, 1, spec -> {
                spec.setMaxPricePerGpuHour("1000");
                spec.setAvailableOnly(false);
            });
            GpuOfferQuery open = query(ns, "open", null, 1, spec -> spec.setAvailableOnly(false));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                GpuOfferQueryStatus c = queryStatus(ns, capped);
                assertThat(c.getObservedGeneration()).isEqualTo(1);
                assertThat(c.getMatchedOffers()).isZero();
                assertThat(ClusterFixtures.condition(c.getConditions(), "Ready"))
                        .satisfies(r -> {
                            assertThat(r.getStatus()).isEqualTo(Condition.Status.True);
                            assertThat(r.getReason()).isEqualTo("NoMatch");
                        });
                GpuOfferQueryStatus o = queryStatus(ns, open);
                assertThat(o.getMatchedOffers()).isEqualTo(10);
                assertThat(o.getCheapest().getPricePerGpuHour()).isNull();
                assertThat(ClusterFixtures.condition(o.getConditions(), "Ready").getMessage())
                        .contains("none has a normalised price");
            });
        }
    }

    private static PricingSettings pricing(String endpoint, String configMap, String currency) {
        PricingSettings pricing = new PricingSettings();
        pricing.setRatesEndpoint(endpoint);
        pricing.setRatesConfigMapRef(configMap == null ? null : new PricingSettings.ConfigMapRef(configMap));
        pricing.setCurrency(currency);
        return pricing;
    }

    private ListingOracle.Cheapest oracle(CloreSimulator clore) throws Exception {
        return ListingOracle.cheapestPerGpuDayPrice(
                ListingOracle.listing(clore.baseUrl(), CloreSimulator.DEFAULT_TOKEN),
                RTX_4090,
                2,
                Map.of("BTC", new BigDecimal("97000")));
    }

    /** The Secret and a ComputeProvider created with its pricing settings (so even the first poll uses them). */
    private void provider(String ns, CloreSimulator clore, PricingSettings pricing) {
        new ClusterFixtures(client)
                .provider(
                        ns,
                        "clore",
                        ProviderType.Clore,
                        clore.baseUrl(),
                        CloreSimulator.DEFAULT_TOKEN,
                        "10s",
                        null,
                        spec -> {
                            CloreSpec settings = new CloreSpec();
                            settings.setPricing(pricing);
                            spec.setClore(settings);
                        });
    }

    private GpuOfferQuery query(String ns, String name, String model, int minGpus) {
        return query(ns, name, model, minGpus, spec -> {});
    }

    private GpuOfferQuery query(
            String ns, String name, String model, int minGpus, java.util.function.Consumer<GpuOfferQuerySpec> more) {
        GpuOfferQuery query = new GpuOfferQuery();
        query.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        GpuOfferQuerySpec spec = new GpuOfferQuerySpec();
        spec.setGpuModels(model == null ? null : List.of(model));
        spec.setMinGpus(minGpus);
        more.accept(spec);
        query.setSpec(spec);
        return client.resource(query).create();
    }

    private GpuOfferQueryStatus queryStatus(String ns, GpuOfferQuery query) {
        GpuOfferQuery live = get(GpuOfferQuery.class, ns, query.getMetadata().getName());
        return live == null ? null : live.getStatus();
    }

    private List<GpuOffer> awaitOffers(String ns, int count) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> fixtures().list(GpuOffer.class, ns),
                        offers -> offers.size() == count && offers.stream().allMatch(o -> o.getStatus() != null));
    }

    private GpuOffer offerById(String ns, String externalId) {
        return fixtures().list(GpuOffer.class, ns).stream()
                .filter(o -> externalId.equals(o.getSpec().getExternalId()))
                .findFirst()
                .orElseThrow();
    }

    private List<Event> events(String ns, String reason) {
        return fixtures().events(ns, reason);
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T get(Class<T> type, String ns, String name) {
        return fixtures().get(type, ns, name);
    }

    private ClusterFixtures fixtures() {
        return new ClusterFixtures(client);
    }
}
