package io.computemirror.market;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferPhase;
import io.computemirror.api.v1alpha1.NormalizedPrice;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Market metrics at /q/metrics, per GPU model (the computemirror.io/gpu-model label) and normalised currency, over
 * the available offers of every watched namespace (an offer mirrored by two accounts counts once per external id);
 * refreshed every {@value #REFRESH_SECONDS} s from the operator's offer cache ({@link OfferCache}). No per-offer series.
 * <ul>
 * <li>{@code computemirror_market_offers_available{gpu_model,currency}}: available offers with a normalised price;</li>
 * <li>{@code computemirror_market_cheapest_price_per_gpu_hour{gpu_model,currency}};</li>
 * <li>{@code computemirror_market_median_price_per_gpu_hour{gpu_model,currency}} (of an even count: the mean of the
 * two middle prices);</li>
 * <li>{@code computemirror_query_evaluation_seconds}: time to evaluate one GpuOfferQuery;</li>
 * <li>{@code computemirror_query_status_writes_total}: GpuOfferQuery status writes.</li>
 * </ul>
 */
@ApplicationScoped
public class MarketMetrics {

    static final int REFRESH_SECONDS = 15;

    /** Prices of one (model, currency) group. */
    public record Group(String gpuModel, String currency) {}

    private final MultiGauge available;
    private final MultiGauge cheapest;
    private final MultiGauge median;
    private final Timer evaluation;
    private final Counter writes;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "compute-mirror-market-metrics");
        t.setDaemon(true);
        return t;
    });

    public MarketMetrics(MeterRegistry registry) {
        available = MultiGauge.builder("computemirror.market.offers.available")
                .description("Available GpuOffers with a normalised price, per GPU model and currency")
                .register(registry);
        cheapest = MultiGauge.builder("computemirror.market.cheapest.price.per.gpu.hour")
                .description("Cheapest normalised price per GPU-hour of available offers")
                .register(registry);
        median = MultiGauge.builder("computemirror.market.median.price.per.gpu.hour")
                .description("Median normalised price per GPU-hour of available offers")
                .register(registry);
        evaluation = Timer.builder("computemirror.query.evaluation")
                .description("Time to evaluate one GpuOfferQuery")
                .register(registry);
        writes = Counter.builder("computemirror.query.status.writes")
                .description("GpuOfferQuery status writes")
                .register(registry);
    }

    /** Starts refreshing the market gauges from {@code offers}. */
    public void watch(OfferCache offers) {
        refresher.scheduleWithFixedDelay(
                () -> refresh(offers.list().toList()), REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    public void evaluated(long nanos) {
        evaluation.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void queryWritten() {
        writes.increment();
    }

    void refresh(List<GpuOffer> offers) {
        Map<Group, List<BigDecimal>> prices = prices(offers);
        List<MultiGauge.Row<?>> availableRows = new ArrayList<>();
        List<MultiGauge.Row<?>> cheapestRows = new ArrayList<>();
        List<MultiGauge.Row<?>> medianRows = new ArrayList<>();
        prices.forEach((group, list) -> {
            Tags tags = Tags.of("gpu_model", group.gpuModel(), "currency", group.currency());
            availableRows.add(MultiGauge.Row.of(tags, list.size()));
            cheapestRows.add(MultiGauge.Row.of(tags, list.get(0).doubleValue()));
            medianRows.add(MultiGauge.Row.of(tags, median(list).doubleValue()));
        });
        // overwrite = true: groups that vanished from the market lose their series.
        available.register(availableRows, true);
        cheapest.register(cheapestRows, true);
        median.register(medianRows, true);
    }

    /** Per group, the sorted per-GPU-hour prices of the available offers (pure; tested in MarketMetricsTest). */
    static Map<Group, List<BigDecimal>> prices(List<GpuOffer> offers) {
        Map<Group, List<BigDecimal>> prices = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (GpuOffer offer : offers) {
            if (offer.getStatus() == null
                    || !Boolean.TRUE.equals(offer.getStatus().getAvailable())
                    || offer.getStatus().getPhase() == GpuOfferPhase.Gone) {
                continue;
            }
            NormalizedPrice price = offer.getStatus().getNormalizedPrice();
            String model = offer.getMetadata().getLabels() == null
                    ? null
                    : offer.getMetadata().getLabels().get(ApiConstants.LABEL_GPU_MODEL);
            if (price == null || price.getPerGpuHour() == null || model == null || offer.getSpec() == null) {
                continue;
            }
            Group group = new Group(model, price.getCurrency());
            if (seen.add(group + "/" + offer.getSpec().getExternalId())) {
                prices.computeIfAbsent(group, g -> new ArrayList<>()).add(new BigDecimal(price.getPerGpuHour()));
            }
        }
        prices.values().forEach(list -> list.sort(BigDecimal::compareTo));
        return prices;
    }

    static BigDecimal median(List<BigDecimal> sorted) {
        int n = sorted.size();
        return n % 2 == 1
                ? sorted.get(n / 2)
                : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2), MathContext.DECIMAL128);
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }
}
