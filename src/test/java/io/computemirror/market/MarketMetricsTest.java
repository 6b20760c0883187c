package io.computemirror.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferPhase;
import io.computemirror.api.v1alpha1.GpuOfferSpec;
import io.computemirror.api.v1alpha1.GpuOfferStatus;
import io.computemirror.api.v1alpha1.NormalizedPrice;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class MarketMetricsTest {

    private static GpuOffer offer(String id, String model, boolean available, String currency, String perGpuHour) {
        GpuOffer o = new GpuOffer();
        o.setMetadata(new ObjectMetaBuilder()
                .withName("o-" + id)
                .withNamespace("ns")
                .withLabels(Map.of(ApiConstants.LABEL_GPU_MODEL, model))
                .build());
        o.setSpec(new GpuOfferSpec("p", id));
        GpuOfferStatus s = new GpuOfferStatus();
        s.setAvailable(available);
        s.setPhase(available ? GpuOfferPhase.Available : GpuOfferPhase.Unavailable);
        if (perGpuHour != null) {
            NormalizedPrice n = new NormalizedPrice();
            n.setCurrency(currency);
            n.setPerGpuHour(perGpuHour);
            s.setNormalizedPrice(n);
        }
        o.setStatus(s);
        return o;
    }

    @Test
    void cheapestMedianAndCountPerModelAndCurrencyOfAvailablePricedOffers() {
        List<GpuOffer> offers = List.of(
                offer("1", "rtx", true, "USD", "0.4"),
                offer("2", "rtx", true, "USD", "0.2"),
                offer("3", "rtx", true, "USD", "0.3"),
                offer("4", "rtx", true, "USD", "0.9"),
                offer("5", "rtx", false, "USD", "0.01"),
                offer("6", "rtx", true, "USD", null),
                offer("7", "rtx", true, "EUR", "0.5"),
                offer("8", "h100", true, "USD", "2"),
                offer("2", "rtx", true, "USD", "0.2"));
        Map<MarketMetrics.Group, List<BigDecimal>> prices = MarketMetrics.prices(offers);
        assertThat(prices.get(new MarketMetrics.Group("rtx", "USD")))
                .extracting(BigDecimal::toPlainString)
                .containsExactly("0.2", "0.3", "0.4", "0.9");
        assertThat(MarketMetrics.median(prices.get(new MarketMetrics.Group("rtx", "USD"))))
                .isEqualByComparingTo("0.35");
        assertThat(prices.get(new MarketMetrics.Group("rtx", "EUR"))).hasSize(1);
        assertThat(MarketMetrics.median(prices.get(new MarketMetrics.Group("h100", "USD"))))
                .isEqualByComparingTo("2");
        assertThat(prices).hasSize(3);
    }

    @Test
    void gaugesAreOneSeriesPerGroupAndVanishedGroupsAreDropped() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MarketMetrics metrics = new MarketMetrics(registry);
        metrics.refresh(List.of(offer("1", "rtx", true, "USD", "0.4"), offer("2", "h100", true, "USD", "2")));
        assertThat(registry.find("computemirror.market.cheapest.price.per.gpu.hour")
                        .gauges())
                .hasSize(2);
        assertThat(registry.get("computemirror.market.median.price.per.gpu.hour")
                        .tag("gpu_model", "h100")
                        .gauge()
                        .value())
                .isEqualTo(2.0);
        metrics.refresh(List.of(offer("1", "rtx", true, "USD", "0.4")));
        assertThat(registry.find("computemirror.market.offers.available").gauges())
                .singleElement()
                .satisfies(g -> assertThat(g.value()).isEqualTo(1.0));
        metrics.stop();
    }
}
