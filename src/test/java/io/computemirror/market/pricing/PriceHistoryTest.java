package io.computemirror.market.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.GpuOfferStatus;
import io.computemirror.api.v1alpha1.NormalizedPrice;
import io.computemirror.api.v1alpha1.OfferGpu;
import io.computemirror.api.v1alpha1.OfferPrice;
import io.fabric8.kubernetes.client.utils.Serialization;

class PriceHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    private static GpuOfferStatus observed(String usd, String perGpuHour) {
        GpuOfferStatus s = new GpuOfferStatus();
        s.setPrices(List.of(new OfferPrice("id-" + usd, usd, "USD")));
        NormalizedPrice n = new NormalizedPrice();
        n.setCurrency("USD");
        n.setPerGpuHour(perGpuHour);
        NormalizedPrice.Basis b = new NormalizedPrice.Basis();
        b.setAmount(usd);
        b.setCurrency("USD");
        n.setBasis(b);
        s.setNormalizedPrice(n);
        return s;
    }

    @Test
    void aNewOfferStartsItsHistoryWithTheFirstPrice() {
        GpuOfferStatus s = observed("2.4", "0.05");
        PriceHistory.carryOver(null, null, s, T0);
        assertThat(s.getFirstSeenTime()).isEqualTo("2026-12-02T12:00:00Z");
        assertThat(s.getLastPriceChangeTime()).isNull();
        assertThat(s.getPriceHistory()).singleElement().satisfies(p -> {
            assertThat(p.getAmount()).isEqualTo("2.4");
            assertThat(p.getCurrency()).isEqualTo("USD");
            assertThat(p.getPerGpuHour()).isEqualTo("0.05");
            assertThat(p.getNormalizedCurrency()).isEqualTo("USD");
        });
    }

    @Test
    void anUnchangedPriceKeepsTheHistoryAsItIsEvenWithANewIdOrTrailingZeros() {
        GpuOfferStatus first = observed("2.4", "0.05");
        PriceHistory.carryOver(null, null, first, T0);
        GpuOfferStatus again = observed("2.40", "0.05");
        PriceHistory.carryOver(first, null, again, T0.plusSeconds(60));
        assertThat(Serialization.asJson(again)).isEqualTo(Serialization.asJson(copyWithPrices(first, again)));
        assertThat(again.getLastPriceChangeTime()).isNull();
    }

    @Test
    void aChangeAddsAPointAndOnlyTheLastTenAreKept() {
        GpuOfferStatus status = observed("1", "0.1");
        PriceHistory.carryOver(null, null, status, T0);
        for (int i = 2; i <= 14; i++) {
            GpuOfferStatus next = observed(Integer.toString(i), "0." + i);
            PriceHistory.carryOver(status, null, next, T0.plusSeconds(60L * i));
            status = next;
        }
        assertThat(status.getPriceHistory()).hasSize(PriceHistory.MAX_POINTS);
        assertThat(status.getPriceHistory())
                .extracting(p -> p.getAmount())
                .containsExactly("5", "6", "7", "8", "9", "10", "11", "12", "13", "14");
        assertThat(status.getLastPriceChangeTime())
                .isEqualTo(T0.plusSeconds(60L * 14).toString());
        assertThat(status.getFirstSeenTime()).isEqualTo(T0.toString());
    }

    @Test
    void anOfferMirroredBeforeHistoryExistedIsFirstSeenAtItsCreation() {
        GpuOfferStatus old = observed("3", "0.1");
        GpuOfferStatus s = observed("3", "0.1");
        PriceHistory.carryOver(old, "2026-11-30T08:00:00Z", s, T0);
        assertThat(s.getFirstSeenTime()).isEqualTo("2026-11-30T08:00:00Z");
        assertThat(s.getPriceHistory()).hasSize(1);
        assertThat(s.getLastPriceChangeTime()).isNull();
    }

    @Test
    void aLargeOfferStaysUnderTheSizeBudget() {
        GpuOfferStatus status = big(observed("1", "0.1"));
        PriceHistory.carryOver(null, null, status, T0);
        for (int i = 2; i <= 30; i++) {
            GpuOfferStatus next = big(observed("1000000000." + i, "1234567.1234567891"));
            PriceHistory.carryOver(status, null, next, T0.plusSeconds(60L * i));
            status = next;
        }
        assertThat(Serialization.asJson(status).length()).isLessThanOrEqualTo(PriceHistory.MAX_STATUS_BYTES);
        assertThat(status.getPriceHistory()).isNotEmpty();
    }

    /** An offer at the schema's limits: 16 prices, 32 GPUs with long names. */
    private static GpuOfferStatus big(GpuOfferStatus s) {
        List<OfferPrice> prices = new ArrayList<>(s.getPrices());
        for (int i = 1; i < 16; i++) {
            prices.add(new OfferPrice("5b10ce4d-9772-4487-bcc0-c7440e63337" + (i % 10), "0.0000" + i, "BTC"));
        }
        s.setPrices(prices);
        List<OfferGpu> gpus = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            OfferGpu g = new OfferGpu();
            g.setName("Nvidia GeForce RTX 4090 Founders Edition");
            g.setMemoryGb(24.0);
            g.setCudaCores(16384);
            g.setTensorCores(512);
            g.setTflops(82.6);
            gpus.add(g);
        }
        s.setGpus(gpus);
        s.setConditions(List.of(new Condition("Ready", Condition.Status.True, "Available", "the offer can be rented")));
        return s;
    }

    private static GpuOfferStatus copyWithPrices(GpuOfferStatus history, GpuOfferStatus prices) {
        GpuOfferStatus copy = Serialization.clone(history);
        copy.setPrices(prices.getPrices());
        copy.setNormalizedPrice(prices.getNormalizedPrice());
        return copy;
    }
}
