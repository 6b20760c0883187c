package io.computemirror.market.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.computemirror.account.EndpointPolicy;
import io.computemirror.provider.ResilienceSettings;
import io.computemirror.sandbox.ExchangeRatesSimulator;

/** The rates endpoint read through the provider layer's HTTP boundary, from a cache the polls do not wait for. */
class RatesCacheTest {

    private static final Instant TIME = Instant.parse("2026-12-02T12:00:00Z");
    /** No retries, so a failure shows in one read. */
    private static final ResilienceSettings FAST =
            RatesEndpoint.RESILIENCE.withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10));

    private final RatesCache cache = new RatesCache(new EndpointPolicy(true), FAST, Clock.systemUTC());

    @Test
    void theFirstReadWaitsForTheEndpointsAnswer() {
        try (ExchangeRatesSimulator rates = ExchangeRatesSimulator.start()) {
            rates.rate("BTC", "USD", "97000", TIME);

            RatesCache.Read read = cache.read(rates.url());

            assertThat(read.problem()).isNull();
            assertThat(read.rates()).singleElement().satisfies(r -> {
                assertThat(r.rate()).isEqualByComparingTo("97000");
                assertThat(r.source()).startsWith("endpoint http://127.0.0.1:");
            });
            assertThat(rates.requests()).isEqualTo(1);
        }
    }

    @Test
    void laterReadsTakeTheCachedAnswerAndRefreshesRunInTheBackground() {
        try (ExchangeRatesSimulator rates = ExchangeRatesSimulator.start()) {
            rates.rate("BTC", "USD", "97000", TIME);
            cache.read(rates.url());

            // Fresh enough: neither a refresh nor a read calls the endpoint again.
            cache.refresh(rates.url(), Duration.ofMinutes(1));
            assertThat(cache.read(rates.url()).rates()).hasSize(1);
            assertThat(rates.requests()).isEqualTo(1);

            rates.rate("BTC", "USD", "98000", TIME.plusSeconds(60));
            cache.refresh(rates.url(), Duration.ZERO);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(cache.read(rates.url()).rates())
                            .singleElement()
                            .satisfies(r -> assertThat(r.rate()).isEqualByComparingTo("98000")));
            assertThat(rates.requests()).isEqualTo(2);
        }
    }

    @Test
    void aFailedReadKeepsTheLastAnswerAndSaysWhy() {
        try (ExchangeRatesSimulator rates = ExchangeRatesSimulator.start()) {
            rates.rate("BTC", "USD", "97000", TIME);
            cache.read(rates.url());
            rates.failWith(503);

            cache.refresh(rates.url(), Duration.ZERO);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                RatesCache.Read read = cache.read(rates.url());
                assertThat(read.problem())
                        .isEqualTo("rates endpoint " + rates.url() + " answered HTTP 503; using its last answer");
                assertThat(read.rates()).singleElement().satisfies(r -> assertThat(r.rate())
                        .isEqualByComparingTo("97000"));
            });
        }
    }

    @Test
    void anAnswerOffTheContractIsReportedWithoutRates() {
        try (ExchangeRatesSimulator rates = ExchangeRatesSimulator.start()) {
            rates.failWith(500);

            RatesCache.Read read = cache.read(rates.url());

            assertThat(read.rates()).isEmpty();
            assertThat(read.problem()).isEqualTo("rates endpoint " + rates.url() + " answered HTTP 500");
        }
    }

    @Test
    void anEndpointThePolicyRefusesIsNeverCalled() {
        try (ExchangeRatesSimulator rates = ExchangeRatesSimulator.start()) {
            RatesCache strict = new RatesCache(new EndpointPolicy(false), FAST, Clock.systemUTC());

            RatesCache.Read read = strict.read(rates.url());

            assertThat(read.rates()).isEmpty();
            assertThat(read.problem()).startsWith("spec.clore.pricing.ratesEndpoint refused: endpoint ");
            assertThat(rates.requests()).isZero();
        }
    }

    @Test
    void unusedEndpointsAreDropped() {
        MutableClock clock = new MutableClock();
        RatesCache cache = new RatesCache(new EndpointPolicy(true), FAST, clock);
        try (ExchangeRatesSimulator rates = ExchangeRatesSimulator.start()) {
            cache.read(rates.url());
            assertThat(cache.size()).isEqualTo(1);

            clock.now = clock.now.plus(RatesCache.UNUSED_AFTER).plusSeconds(1);
            cache.refresh("http://127.0.0.1:1/other", Duration.ofMinutes(1));

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(cache.size()).isEqualTo(1));
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.now();

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
