package io.computemirror.market.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.computemirror.api.v1alpha1.NormalizedPrice;
import io.computemirror.api.v1alpha1.PriceUnit;
import io.computemirror.provider.Price;

/**
 * Makes listed Clore prices comparable (pure; table-tested in PriceNormaliserTest). Every listed price is converted
 * to the target currency per hour; the cheapest that converts is the basis. Arithmetic is BigDecimal with 34
 * significant digits ({@link MathContext#DECIMAL128}); each published value is rounded once, half-even, to
 * {@value #SCALE} decimal places, trailing zeros removed. A price whose currency has no rate, or only a rate that is
 * too old, is never converted: when no listed price converts, the outcome is a problem saying why, never a price.
 */
public final class PriceNormaliser {

    /** Decimal places of every published value. */
    public static final int SCALE = 10;
    /** A rate whose time is further in the future than this is refused (a typo must not make it valid for years). */
    static final Duration FUTURE_SKEW = Duration.ofMinutes(5);

    private static final MathContext MC = MathContext.DECIMAL128;
    private static final BigDecimal HOURS_PER_DAY = BigDecimal.valueOf(24);

    /**
     * @param maxRateAge the oldest rate used
     * @param pollInterval the account's poll interval: a rate must stay within maxRateAge until the next poll
     *        (interval plus 10% jitter) replaces the price, so no offer ever shows a price from a rate older than the bound
     */
    public record Settings(PriceUnit unit, String currency, Duration maxRateAge, Duration pollInterval) {

        public Settings {
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(maxRateAge, "maxRateAge");
            Objects.requireNonNull(pollInterval, "pollInterval");
        }

        /** The latest rate time still usable at {@code now}. */
        Instant oldestUsableRate(Instant now) {
            return now.plus(pollInterval.multipliedBy(11).dividedBy(10)).minus(maxRateAge);
        }
    }

    /** Exactly one of {@code price} and {@code problem} is set. */
    public record Outcome(NormalizedPrice price, NormalizedPrice.Problem problem) {

        static Outcome priced(NormalizedPrice price) {
            return new Outcome(price, null);
        }

        static Outcome problem(String reason, String message) {
            return new Outcome(null, new NormalizedPrice.Problem(reason, message));
        }
    }

    /** One listed price converted (or why not). */
    private record Conversion(Price listed, ExchangeRate rate, BigDecimal perHour, String reason, String why) {}

    private PriceNormaliser() {}

    /**
     * @param gpuCount GPUs of the offer (0: no per-GPU price)
     * @param totalVramGb their memory in GB (null or 0: no per-VRAM price)
     */
    public static Outcome normalise(
            List<Price> listed, int gpuCount, BigDecimal totalVramGb, RateBook rates, Settings settings, Instant now) {
        if (listed == null || listed.isEmpty()) {
            return Outcome.problem("NoListedPrice", "the listing has no price");
        }
        List<Conversion> conversions =
                listed.stream().map(p -> convert(p, rates, settings, now)).toList();
        Optional<Conversion> cheapest = conversions.stream()
                .filter(c -> c.perHour() != null)
                .reduce((a, b) -> b.perHour().compareTo(a.perHour()) < 0 ? b : a);
        if (cheapest.isEmpty()) {
            List<String> why = new ArrayList<>();
            conversions.forEach(c -> why.add(
                    c.listed().amount().toPlainString() + " " + c.listed().currency() + ": " + c.why()));
            String message = "no listed price converts to " + settings.currency() + " (" + String.join("; ", why) + ")";
            if (!rates.problems().isEmpty()) {
                message += "; exchange rate sources: " + String.join("; ", rates.problems());
            }
            return Outcome.problem(conversions.get(0).reason(), message);
        }
        return Outcome.priced(price(cheapest.get(), gpuCount, totalVramGb, settings));
    }

    private static Conversion convert(Price p, RateBook rates, Settings settings, Instant now) {
        if (p.amount().signum() <= 0) {
            return new Conversion(p, null, null, "InvalidPrice", "the listed amount is not positive");
        }
        String currency = p.currency() == null ? "" : p.currency().trim().toUpperCase(Locale.ROOT);
        if (currency.isEmpty()) {
            return new Conversion(p, null, null, "InvalidPrice", "the listed price names no currency");
        }
        BigDecimal hours = settings.unit() == PriceUnit.Day ? HOURS_PER_DAY : BigDecimal.ONE;
        if (currency.equals(settings.currency())) {
            return new Conversion(p, null, p.amount().divide(hours, MC), null, null);
        }
        Optional<ExchangeRate> found = rates.find(currency, settings.currency());
        String pair = ExchangeRate.pair(currency, settings.currency());
        if (found.isEmpty()) {
            return new Conversion(p, null, null, "NoExchangeRate", "no " + pair + " exchange rate");
        }
        ExchangeRate rate = found.get();
        if (rate.rate().signum() <= 0) {
            return new Conversion(
                    p,
                    null,
                    null,
                    "NoExchangeRate",
                    "the " + pair + " rate from " + rate.source() + " is not positive");
        }
        if (rate.time().isAfter(now.plus(FUTURE_SKEW))) {
            return new Conversion(
                    p,
                    null,
                    null,
                    "NoExchangeRate",
                    "the " + pair + " rate from " + rate.source() + " has a time in the future (" + rate.time() + ")");
        }
        if (rate.time().isBefore(settings.oldestUsableRate(now))) {
            return new Conversion(
                    p,
                    null,
                    null,
                    "ExchangeRateTooOld",
                    "the newest " + pair + " rate (" + rate.time()
                            + ", from " + rate.source() + ") is older than spec.clore.pricing.maxRateAge "
                            + settings.maxRateAge() + " allows before the next poll");
        }
        return new Conversion(p, rate, p.amount().multiply(rate.rate(), MC).divide(hours, MC), null, null);
    }

    private static NormalizedPrice price(Conversion c, int gpuCount, BigDecimal totalVramGb, Settings settings) {
        NormalizedPrice price = new NormalizedPrice();
        price.setCurrency(settings.currency());
        price.setPerHour(publish(c.perHour()));
        if (gpuCount > 0) {
            price.setPerGpuHour(publish(c.perHour().divide(BigDecimal.valueOf(gpuCount), MC)));
        }
        if (totalVramGb != null && totalVramGb.signum() > 0) {
            price.setPerVramGbHour(publish(c.perHour().divide(totalVramGb, MC)));
        }
        NormalizedPrice.Basis basis = new NormalizedPrice.Basis();
        basis.setPriceId(c.listed().id());
        basis.setAmount(c.listed().amount().toPlainString());
        basis.setCurrency(c.listed().currency());
        basis.setUnit(settings.unit());
        if (c.rate() == null) {
            basis.setRate("1");
        } else {
            basis.setRate(c.rate().rate().stripTrailingZeros().toPlainString());
            basis.setRateTime(c.rate().time().toString());
            basis.setRateSource(c.rate().source());
        }
        price.setBasis(basis);
        return price;
    }

    /** The published form of a value: half-even to {@value #SCALE} places, no trailing zeros, never exponent notation. */
    public static String publish(BigDecimal value) {
        BigDecimal rounded = value.setScale(SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }
}
