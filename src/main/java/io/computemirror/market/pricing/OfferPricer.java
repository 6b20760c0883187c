package io.computemirror.market.pricing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.computemirror.api.v1alpha1.PricingSettings;
import io.computemirror.provider.Price;

/** Normalises the prices of one account's offers during one poll (the sync's hook, see OfferMirrors). */
@FunctionalInterface
public interface OfferPricer {

    PriceNormaliser.Outcome price(List<Price> listed, int gpuCount, BigDecimal totalVramGb);

    /** The defaults (unit Day, USD) with no exchange rates: only USD prices are normalised. */
    static OfferPricer defaults(Instant now) {
        PriceNormaliser.Settings settings = new PriceNormaliser.Settings(
                PricingSettings.DEFAULT_UNIT,
                PricingSettings.DEFAULT_CURRENCY,
                Duration.ofHours(24),
                Duration.ofSeconds(60));
        return (listed, gpus, vram) -> PriceNormaliser.normalise(listed, gpus, vram, RateBook.empty(), settings, now);
    }
}
