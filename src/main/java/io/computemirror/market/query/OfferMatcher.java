package io.computemirror.market.query;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferPhase;
import io.computemirror.api.v1alpha1.GpuOfferQuerySpec;
import io.computemirror.api.v1alpha1.GpuOfferStatus;
import io.computemirror.api.v1alpha1.OfferGpu;

/**
 * Whether a GpuOffer answers a query's filters (pure; table-tested in OfferMatcherTest). Every given filter must
 * hold; a fact the offer does not state (no country, no CUDA version, no normalised price) never satisfies a filter on
 * it. Offers marked Gone are no longer in the market and never match.
 */
final class OfferMatcher {

    private final Set<String> providers;
    private final Set<String> models;
    private final Integer minGpus;
    private final Integer minVram;
    private final Set<String> countries;
    private final int[] minCuda;
    private final BigDecimal maxPricePerGpuHour;
    private final boolean availableOnly;

    OfferMatcher(GpuOfferQuerySpec spec) {
        providers = set(spec.getProviderRefs(), false);
        models = set(spec.getGpuModels(), false);
        minGpus = spec.getMinGpus();
        minVram = spec.getMinVramGbPerGpu();
        countries = set(spec.getCountries(), true);
        minCuda = spec.getMinCudaVersion() == null ? null : version(spec.getMinCudaVersion());
        maxPricePerGpuHour = spec.getMaxPricePerGpuHour() == null ? null : new BigDecimal(spec.getMaxPricePerGpuHour());
        availableOnly = !Boolean.FALSE.equals(spec.getAvailableOnly());
    }

    boolean matches(GpuOffer offer) {
        GpuOfferStatus s = offer.getStatus();
        if (s == null || s.getPhase() == GpuOfferPhase.Gone || offer.getSpec() == null) {
            return false;
        }
        if (availableOnly && !Boolean.TRUE.equals(s.getAvailable())) {
            return false;
        }
        if (!providers.isEmpty()
                && (offer.getSpec().getProviderRef() == null
                        || !providers.contains(offer.getSpec().getProviderRef().getName()))) {
            return false;
        }
        if (!models.isEmpty()) {
            Map<String, String> labels = offer.getMetadata().getLabels();
            if (labels == null || !models.contains(labels.get(ApiConstants.LABEL_GPU_MODEL))) {
                return false;
            }
        }
        if (minGpus != null && (s.getGpuCount() == null || s.getGpuCount() < minGpus)) {
            return false;
        }
        if (minVram != null && !everyGpuHas(s.getGpus(), minVram)) {
            return false;
        }
        if (!countries.isEmpty()
                && (s.getLocation() == null
                        || s.getLocation().getCountry() == null
                        || !countries.contains(s.getLocation().getCountry().toLowerCase(Locale.ROOT)))) {
            return false;
        }
        if (minCuda != null && (s.getCudaVersion() == null || !atLeast(s.getCudaVersion(), minCuda))) {
            return false;
        }
        if (maxPricePerGpuHour != null) {
            BigDecimal price = Ranking.decimal(
                    s.getNormalizedPrice() == null
                            ? null
                            : s.getNormalizedPrice().getPerGpuHour());
            return price != null && price.compareTo(maxPricePerGpuHour) <= 0;
        }
        return true;
    }

    private static boolean everyGpuHas(List<OfferGpu> gpus, int minGb) {
        return gpus != null
                && !gpus.isEmpty()
                && gpus.stream().allMatch(g -> g.getMemoryGb() != null && g.getMemoryGb() >= minGb);
    }

    /** Compares dotted versions by number: 12.10 is above 12.9; missing parts count as 0. */
    static boolean atLeast(String version, int[] min) {
        int[] v;
        try {
            v = version(version.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        for (int i = 0; i < Math.max(v.length, min.length); i++) {
            int a = i < v.length ? v[i] : 0;
            int b = i < min.length ? min[i] : 0;
            if (a != b) {
                return a > b;
            }
        }
        return true;
    }

    static int[] version(String text) {
        String[] parts = text.split("\\.");
        int[] numbers = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = Integer.parseInt(parts[i]);
        }
        return numbers;
    }

    private static Set<String> set(List<String> values, boolean lowerCase) {
        return values == null
                ? Set.of()
                : values.stream()
                        .filter(Objects::nonNull)
                        .map(v -> lowerCase ? v.toLowerCase(Locale.ROOT) : v)
                        .collect(Collectors.toUnmodifiableSet());
    }
}
