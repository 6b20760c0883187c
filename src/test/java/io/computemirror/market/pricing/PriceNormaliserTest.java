package io.computemirror.market.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.computemirror.api.v1alpha1.NormalizedPrice;
import io.computemirror.api.v1alpha1.PriceUnit;
import io.computemirror.provider.Price;

/** Table tests of price normalisation: units, currencies, missing and old rates, several prices, rounding. */
class PriceNormaliserTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Duration POLL = Duration.ofSeconds(60);

    private static Price p(String amount, String currency) {
        return new Price("id-" + currency + "-" + amount, new BigDecimal(amount), currency);
    }

    private static ExchangeRate rate(String from, String to, String value, Instant time) {
        return new ExchangeRate(from, to, new BigDecimal(value), time, "ConfigMap t/rates key " + from + "-" + to);
    }

    private static PriceNormaliser.Settings settings(PriceUnit unit, String currency) {
        return new PriceNormaliser.Settings(unit, currency, Duration.ofHours(24), POLL);
    }

    private static final RateBook FRESH = new RateBook(
            List.of(
                    rate("BTC", "USD", "97000", NOW.minusSeconds(3600)),
                    rate("USD", "BTC", "0.00001", NOW.minusSeconds(3600)),
                    rate("EUR", "USD", "1.25", NOW.minus(Duration.ofHours(30)))),
            List.of());

    /**
     * name, listed prices, GPUs, VRAM GB, unit, currency, rates → expected perHour, perGpuHour, perVramGbHour, basis
     * currency (all null and a problem reason when nothing converts).
     */
    static Stream<Arguments> table() {
        return Stream.of(
                row(
                        "USD per day, divided by 24",
                        List.of(p("4.8", "USD")),
                        2,
                        "48",
                        PriceUnit.Day,
                        "USD",
                        FRESH,
                        "0.2",
                        "0.1",
                        "0.0041666667",
                        "USD",
                        null),
                row(
                        "USD per hour, unchanged",
                        List.of(p("0.5", "USD")),
                        1,
                        "24",
                        PriceUnit.Hour,
                        "USD",
                        FRESH,
                        "0.5",
                        "0.5",
                        "0.0208333333",
                        "USD",
                        null),
                row(
                        "BTC converted with a fresh rate",
                        List.of(p("0.0001", "BTC")),
                        2,
                        "160",
                        PriceUnit.Day,
                        "USD",
                        FRESH,
                        "0.4041666667",
                        "0.2020833333",
                        "0.0025260417",
                        "BTC",
                        null),
                row(
                        "several prices: the cheaper BTC one is the basis",
                        List.of(p("12", "USD"), p("0.0001", "BTC")),
                        2,
                        "160",
                        PriceUnit.Day,
                        "USD",
                        FRESH,
                        "0.4041666667",
                        "0.2020833333",
                        "0.0025260417",
                        "BTC",
                        null),
                row(
                        "several prices: the cheaper USD one is the basis",
                        List.of(p("0.0002", "BTC"), p("9.6", "USD")),
                        4,
                        "96",
                        PriceUnit.Day,
                        "USD",
                        FRESH,
                        "0.4",
                        "0.1",
                        "0.0041666667",
                        "USD",
                        null),
                row(
                        "no rate for BTC: the USD price is the basis",
                        List.of(p("0.00001", "BTC"), p("48", "USD")),
                        8,
                        "192",
                        PriceUnit.Day,
                        "USD",
                        RateBook.empty(),
                        "2",
                        "0.25",
                        "0.0104166667",
                        "USD",
                        null),
                row(
                        "only BTC and no rate: no price",
                        List.of(p("0.0001", "BTC")),
                        1,
                        "24",
                        PriceUnit.Day,
                        "USD",
                        RateBook.empty(),
                        null,
                        null,
                        null,
                        null,
                        "NoExchangeRate"),
                row(
                        "only EUR with a rate older than the bound: no price",
                        List.of(p("3", "EUR")),
                        1,
                        "24",
                        PriceUnit.Hour,
                        "USD",
                        FRESH,
                        null,
                        null,
                        null,
                        null,
                        "ExchangeRateTooOld"),
                row(
                        "no listed price",
                        List.of(),
                        1,
                        "24",
                        PriceUnit.Hour,
                        "USD",
                        FRESH,
                        null,
                        null,
                        null,
                        null,
                        "NoListedPrice"),
                row(
                        "a zero amount is not a price",
                        List.of(p("0", "USD")),
                        1,
                        "24",
                        PriceUnit.Hour,
                        "USD",
                        FRESH,
                        null,
                        null,
                        null,
                        null,
                        "InvalidPrice"),
                row(
                        "target currency BTC",
                        List.of(p("24", "USD")),
                        1,
                        "80",
                        PriceUnit.Day,
                        "BTC",
                        FRESH,
                        "0.00001",
                        "0.00001",
                        "0.000000125",
                        "USD",
                        null),
                row(
                        "currency written in lower case",
                        List.of(p("2", "usd")),
                        1,
                        null,
                        PriceUnit.Hour,
                        "USD",
                        FRESH,
                        "2",
                        "2",
                        null,
                        "usd",
                        null),
                row(
                        "no GPUs: no per-GPU price",
                        List.of(p("2", "USD")),
                        0,
                        null,
                        PriceUnit.Hour,
                        "USD",
                        FRESH,
                        "2",
                        null,
                        null,
                        "USD",
                        null),
                row(
                        "rounding half-even at the 10th place (down to even)",
                        List.of(p("0.00000000025", "USD")),
                        1,
                        null,
                        PriceUnit.Hour,
                        "USD",
                        FRESH,
                        "0.0000000002",
                        "0.0000000002",
                        null,
                        "USD",
                        null),
                row(
                        "rounding half-even at the 10th place (up to even)",
                        List.of(p("0.00000000035", "USD")),
                        1,
                        null,
                        PriceUnit.Hour,
                        "USD",
                        FRESH,
                        "0.0000000004",
                        "0.0000000004",
                        null,
                        "USD",
                        null),
                row(
                        "rounded once, from the exact per-hour value",
                        List.of(p("1", "USD")),
                        3,
                        "72",
                        PriceUnit.Day,
                        "USD",
                        FRESH,
                        "0.0416666667",
                        "0.0138888889",
                        "0.0005787037",
                        "USD",
                        null));
    }

    private static Arguments row(
            String name,
            List<Price> prices,
            int gpus,
            String vram,
            PriceUnit unit,
            String currency,
            RateBook rates,
            String perHour,
            String perGpuHour,
            String perVram,
            String basisCurrency,
            String problem) {
        return Arguments.of(
                name, prices, gpus, vram, unit, currency, rates, perHour, perGpuHour, perVram, basisCurrency, problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void normalises(
            String name,
            List<Price> prices,
            int gpus,
            String vram,
            PriceUnit unit,
            String currency,
            RateBook rates,
            String perHour,
            String perGpuHour,
            String perVram,
            String basisCurrency,
            String problem) {
        PriceNormaliser.Outcome outcome = PriceNormaliser.normalise(
                prices, gpus, vram == null ? null : new BigDecimal(vram), rates, settings(unit, currency), NOW);
        if (problem != null) {
            assertThat(outcome.price()).isNull();
            assertThat(outcome.problem().getReason()).isEqualTo(problem);
            assertThat(outcome.problem().getMessage()).isNotBlank();
            return;
        }
        assertThat(outcome.problem()).isNull();
        NormalizedPrice price = outcome.price();
        assertThat(price.getCurrency()).isEqualTo(currency);
        assertThat(price.getPerHour()).isEqualTo(perHour);
        assertThat(price.getPerGpuHour()).isEqualTo(perGpuHour);
        assertThat(price.getPerVramGbHour()).isEqualTo(perVram);
        assertThat(price.getBasis().getCurrency()).isEqualTo(basisCurrency);
        assertThat(price.getBasis().getUnit()).isEqualTo(unit);
        Price listed = prices.stream()
                .filter(p -> p.currency().equals(basisCurrency))
                .findFirst()
                .orElseThrow();
        assertThat(price.getBasis().getPriceId()).isEqualTo(listed.id());
        assertThat(price.getBasis().getAmount()).isEqualTo(listed.amount().toPlainString());
    }

    @Test
    void theBasisNamesTheRateUsedItsTimeAndSource() {
        NormalizedPrice price = PriceNormaliser.normalise(
                        List.of(p("0.0001", "BTC")), 1, null, FRESH, settings(PriceUnit.Day, "USD"), NOW)
                .price();
        assertThat(price.getBasis().getRate()).isEqualTo("97000");
        assertThat(price.getBasis().getRateTime()).isEqualTo("2026-12-02T11:00:00Z");
        assertThat(price.getBasis().getRateSource()).isEqualTo("ConfigMap t/rates key BTC-USD");
        NormalizedPrice same = PriceNormaliser.normalise(
                        List.of(p("1", "USD")), 1, null, FRESH, settings(PriceUnit.Day, "USD"), NOW)
                .price();
        assertThat(same.getBasis().getRate()).isEqualTo("1");
        assertThat(same.getBasis().getRateTime()).isNull();
    }

    @Test
    void aRateIsUsedOnlyWhileItStaysWithinTheBoundUntilTheNextPoll() {
        // Bound 24h, poll 60s (+10% jitter = 66s): usable when at most 24h - 66s old.
        Instant edge = NOW.minus(Duration.ofHours(24)).plusSeconds(66);
        assertThat(priceWithRateAt(edge).price()).isNotNull();
        PriceNormaliser.Outcome tooOld = priceWithRateAt(edge.minusSeconds(1));
        assertThat(tooOld.price()).isNull();
        assertThat(tooOld.problem().getReason()).isEqualTo("ExchangeRateTooOld");
        assertThat(tooOld.problem().getMessage())
                .contains("BTC-USD")
                .contains("maxRateAge")
                .contains("PT24H")
                .contains("ConfigMap t/rates key BTC-USD");
        PriceNormaliser.Outcome future = priceWithRateAt(NOW.plus(Duration.ofMinutes(6)));
        assertThat(future.problem().getReason()).isEqualTo("NoExchangeRate");
        assertThat(future.problem().getMessage()).contains("in the future");
    }

    @Test
    void theNewestRateOfAllSourcesWins() {
        RateBook book = new RateBook(
                List.of(
                        rate("BTC", "USD", "90000", NOW.minusSeconds(600)),
                        new ExchangeRate("BTC", "USD", new BigDecimal("100000"), NOW.minusSeconds(60), "endpoint e")),
                List.of());
        assertThat(book.find("BTC", "USD"))
                .hasValueSatisfying(r -> assertThat(r.rate()).isEqualByComparingTo("100000"));
    }

    @Test
    void anUnconvertibleOfferSaysWhyNamingEveryPriceAndTheRateSources() {
        RateBook broken =
                new RateBook(List.of(), List.of("ConfigMap t/rates (spec.clore.pricing.ratesConfigMapRef) not found"));
        PriceNormaliser.Outcome outcome = PriceNormaliser.normalise(
                List.of(p("0.0001", "BTC"), p("2", "EUR")), 1, null, broken, settings(PriceUnit.Day, "USD"), NOW);
        assertThat(outcome.price()).isNull();
        assertThat(outcome.problem().getMessage())
                .contains("0.0001 BTC: no BTC-USD exchange rate")
                .contains("2 EUR: no EUR-USD exchange rate")
                .contains("ConfigMap t/rates");
    }

    @Test
    void publishedValuesNeverUseExponentNotation() {
        List<String> published = new ArrayList<>();
        for (String v : List.of("1E+3", "0.00000000001", "120.5000", "0")) {
            published.add(PriceNormaliser.publish(new BigDecimal(v)));
        }
        assertThat(published).containsExactly("1000", "0", "120.5", "0");
    }

    private static PriceNormaliser.Outcome priceWithRateAt(Instant time) {
        return PriceNormaliser.normalise(
                List.of(p("0.0001", "BTC")),
                1,
                null,
                new RateBook(List.of(rate("BTC", "USD", "97000", time)), List.of()),
                settings(PriceUnit.Day, "USD"),
                NOW);
    }
}
