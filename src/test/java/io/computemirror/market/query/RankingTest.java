package io.computemirror.market.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferPhase;
import io.computemirror.api.v1alpha1.GpuOfferQuerySpec;
import io.computemirror.api.v1alpha1.GpuOfferSpec;
import io.computemirror.api.v1alpha1.GpuOfferStatus;
import io.computemirror.api.v1alpha1.NormalizedPrice;
import io.computemirror.api.v1alpha1.OfferGpu;
import io.computemirror.api.v1alpha1.OfferLocation;
import io.computemirror.api.v1alpha1.QuerySort;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Table tests of matching (every filter, alone) and ranking (sort keys, unpriced and other-currency offers, ties). */
class RankingTest {

    /** name, provider, model label, GPUs, GB per GPU, country, CUDA, available, per GPU-hour, per hour, per VRAM-GB-hour. */
    static GpuOffer offer(
            String name,
            String provider,
            String model,
            int gpus,
            double vram,
            String country,
            String cuda,
            boolean available,
            String perGpuHour,
            String perHour,
            String perVram) {
        GpuOffer o = new GpuOffer();
        o.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace("ns")
                .withLabels(Map.of(ApiConstants.LABEL_GPU_MODEL, model))
                .build());
        o.setSpec(new GpuOfferSpec(provider, "ext-" + name));
        GpuOfferStatus s = new GpuOfferStatus();
        s.setPhase(available ? GpuOfferPhase.Available : GpuOfferPhase.Unavailable);
        s.setAvailable(available);
        s.setGpuCount(gpus);
        List<OfferGpu> list = new ArrayList<>();
        for (int i = 0; i < gpus; i++) {
            OfferGpu g = new OfferGpu();
            g.setMemoryGb(vram);
            list.add(g);
        }
        s.setGpus(list);
        s.setGpuSummary(gpus + "x " + model);
        OfferLocation location = new OfferLocation();
        location.setCountry(country);
        s.setLocation(location);
        s.setCudaVersion(cuda);
        if (perGpuHour != null) {
            NormalizedPrice p = new NormalizedPrice();
            p.setCurrency("USD");
            p.setPerGpuHour(perGpuHour);
            p.setPerHour(perHour);
            p.setPerVramGbHour(perVram);
            s.setNormalizedPrice(p);
        }
        o.setStatus(s);
        return o;
    }

    static final List<GpuOffer> MARKET = List.of(
            offer(
                    "a-4090x2-de",
                    "clore",
                    "nvidia-geforce-rtx-4090",
                    2,
                    24,
                    "Germany",
                    "12.4",
                    true,
                    "0.3",
                    "0.6",
                    "0.0125"),
            offer(
                    "b-4090x4-us",
                    "clore",
                    "nvidia-geforce-rtx-4090",
                    4,
                    24,
                    "USA",
                    "12.1",
                    true,
                    "0.25",
                    "1",
                    "0.0104166667"),
            offer(
                    "c-4090x1-us",
                    "clore",
                    "nvidia-geforce-rtx-4090",
                    1,
                    24,
                    "USA",
                    "12.2",
                    true,
                    "0.2",
                    "0.2",
                    "0.0083333333"),
            offer(
                    "d-4090x2-off",
                    "clore",
                    "nvidia-geforce-rtx-4090",
                    2,
                    24,
                    "USA",
                    "12.4",
                    false,
                    "0.1",
                    "0.2",
                    "0.0041666667"),
            offer("e-h100x2-fi", "other", "nvidia-h100", 2, 80, "Finland", "12.10", true, "2.5", "5", "0.03125"),
            offer("f-4090x8-jp", "other", "nvidia-geforce-rtx-4090", 8, 24, "Japan", "11.8", true, null, null, null),
            offer("g-a6000x2-ca", "clore", "nvidia-rtx-a6000", 2, 48, "Canada", null, true, "0.45", "0.9", "0.009375"));

    static Stream<Arguments> filters() {
        return Stream.of(
                row(
                        "no filter: every available offer",
                        s -> {},
                        "c-4090x1-us",
                        "b-4090x4-us",
                        "a-4090x2-de",
                        "g-a6000x2-ca",
                        "e-h100x2-fi",
                        "f-4090x8-jp"),
                row(
                        "availableOnly false adds the unavailable one",
                        s -> s.setAvailableOnly(false),
                        "d-4090x2-off",
                        "c-4090x1-us",
                        "b-4090x4-us",
                        "a-4090x2-de",
                        "g-a6000x2-ca",
                        "e-h100x2-fi",
                        "f-4090x8-jp"),
                row(
                        "gpuModels: any of them",
                        s -> s.setGpuModels(List.of("nvidia-h100", "nvidia-rtx-a6000")),
                        "g-a6000x2-ca",
                        "e-h100x2-fi"),
                row("minGpus", s -> s.setMinGpus(4), "b-4090x4-us", "f-4090x8-jp"),
                row("minVramGbPerGpu", s -> s.setMinVramGbPerGpu(48), "g-a6000x2-ca", "e-h100x2-fi"),
                row(
                        "countries: case-insensitive, any of them",
                        s -> s.setCountries(List.of("usa", "JAPAN")),
                        "c-4090x1-us",
                        "b-4090x4-us",
                        "f-4090x8-jp"),
                row(
                        "minCudaVersion compares numbers (12.10 > 12.4); no CUDA version never matches",
                        s -> s.setMinCudaVersion("12.4"),
                        "a-4090x2-de",
                        "e-h100x2-fi"),
                row("providerRefs", s -> s.setProviderRefs(List.of("other")), "e-h100x2-fi", "f-4090x8-jp"),
                row(
                        "maxPricePerGpuHour: inclusive, unpriced offers never match",
                        s -> s.setMaxPricePerGpuHour("0.30"),
                        "c-4090x1-us",
                        "b-4090x4-us",
                        "a-4090x2-de"),
                row(
                        "sortBy PricePerHour",
                        s -> s.setSortBy(QuerySort.PricePerHour),
                        "c-4090x1-us",
                        "a-4090x2-de",
                        "g-a6000x2-ca",
                        "b-4090x4-us",
                        "e-h100x2-fi",
                        "f-4090x8-jp"),
                row(
                        "sortBy PricePerVramGbHour",
                        s -> s.setSortBy(QuerySort.PricePerVramGbHour),
                        "c-4090x1-us",
                        "g-a6000x2-ca",
                        "b-4090x4-us",
                        "a-4090x2-de",
                        "e-h100x2-fi",
                        "f-4090x8-jp"),
                row(
                        "2+ RTX 4090, available, by price per GPU-hour",
                        s -> {
                            s.setGpuModels(List.of("nvidia-geforce-rtx-4090"));
                            s.setMinGpus(2);
                        },
                        "b-4090x4-us",
                        "a-4090x2-de",
                        "f-4090x8-jp"),
                row("nothing matches", s -> s.setCountries(List.of("Atlantis"))));
    }

    private static Arguments row(String name, Consumer<GpuOfferQuerySpec> spec, String... expected) {
        return Arguments.of(name, spec, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void matchesAndRanks(String name, Consumer<GpuOfferQuerySpec> configure, List<String> expected) {
        GpuOfferQuerySpec spec = new GpuOfferQuerySpec();
        spec.setLimit(50);
        configure.accept(spec);
        Ranking.Answer answer = Ranking.answer(spec, MARKET.stream());
        assertThat(answer.top()).extracting(o -> o.getName()).containsExactlyElementsOf(expected);
        assertThat(answer.matched()).isEqualTo(expected.size());
        assertThat(answer.cheapest() == null ? null : answer.cheapest().getName())
                .isEqualTo(expected.isEmpty() ? null : expected.get(0));
    }

    @Test
    void limitCutsTheTopButNotTheCount() {
        GpuOfferQuerySpec spec = new GpuOfferQuerySpec();
        spec.setLimit(2);
        Ranking.Answer answer = Ranking.answer(spec, MARKET.stream());
        assertThat(answer.matched()).isEqualTo(6);
        assertThat(answer.top()).extracting(o -> o.getName()).containsExactly("c-4090x1-us", "b-4090x4-us");
        assertThat(answer.cheapest()).satisfies(c -> {
            assertThat(c.getExternalId()).isEqualTo("ext-c-4090x1-us");
            assertThat(c.getProvider()).isEqualTo("clore");
            assertThat(c.getGpuSummary()).isEqualTo("1x nvidia-geforce-rtx-4090");
            assertThat(c.getGpuCount()).isEqualTo(1);
            assertThat(c.getCountry()).isEqualTo("USA");
            assertThat(c.getPricePerGpuHour()).isEqualTo("0.2");
            assertThat(c.getPricePerHour()).isEqualTo("0.2");
            assertThat(c.getCurrency()).isEqualTo("USD");
        });
    }

    @Test
    void equalPricesRankByNameAndPricesCompareAsNumbers() {
        List<GpuOffer> offers = List.of(
                offer("z", "p", "m", 1, 24, "USA", "12", true, "0.10", "0.1", null),
                offer("y", "p", "m", 1, 24, "USA", "12", true, "0.1", "0.1", null),
                offer("x", "p", "m", 1, 24, "USA", "12", true, "0.09", "0.09", null),
                offer("w", "p", "m", 1, 24, "USA", "12", true, "10", "10", null));
        assertThat(Ranking.answer(new GpuOfferQuerySpec(), offers.stream()).top())
                .extracting(o -> o.getName())
                .containsExactly("x", "y", "z", "w");
    }

    @Test
    void offersNormalisedToAnotherCurrencyRankAfterThePricedOnes() {
        GpuOffer eur = offer("eur", "p", "m", 1, 24, "USA", "12", true, "0.01", "0.01", null);
        eur.getStatus().getNormalizedPrice().setCurrency("EUR");
        List<GpuOffer> offers = List.of(
                eur,
                offer("usd1", "p", "m", 1, 24, "USA", "12", true, "0.5", "0.5", null),
                offer("usd2", "p", "m", 1, 24, "USA", "12", true, "0.4", "0.4", null),
                offer("none", "p", "m", 1, 24, "USA", "12", true, null, null, null));
        Ranking.Answer answer = Ranking.answer(new GpuOfferQuerySpec(), offers.stream());
        assertThat(answer.currency()).isEqualTo("USD");
        assertThat(answer.otherCurrency()).isEqualTo(1);
        assertThat(answer.top()).extracting(o -> o.getName()).containsExactly("usd2", "usd1", "eur", "none");
    }

    @Test
    void goneOffersAreNotInTheMarket() {
        GpuOffer gone = offer("gone", "p", "m", 1, 24, "USA", "12", true, "0.01", "0.01", null);
        gone.getStatus().setPhase(GpuOfferPhase.Gone);
        assertThat(Ranking.answer(new GpuOfferQuerySpec(), Stream.of(gone)).matched())
                .isZero();
    }
}
