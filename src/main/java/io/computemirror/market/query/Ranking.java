package io.computemirror.market.query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Stream;

import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferQuerySpec;
import io.computemirror.api.v1alpha1.GpuOfferQueryStatus.OfferSummary;
import io.computemirror.api.v1alpha1.GpuOfferStatus;
import io.computemirror.api.v1alpha1.NormalizedPrice;
import io.computemirror.api.v1alpha1.QuerySort;

/**
 * A query's answer from a set of offers (pure; table-tested in RankingTest): how many match, and the first
 * {@code limit} of them by the chosen normalised price, cheapest first. Prices are compared as BigDecimal, never as
 * text or double. Only prices in one currency are compared: the most common normalised currency among the matching
 * offers (a tie goes to the alphabetically first); offers normalised to another currency, and offers without a
 * normalised price, rank after every priced one. Equal prices rank by offer name, so the answer is stable.
 */
public final class Ranking {

    /**
     * @param currency the currency the ranking compared (null when no matching offer has a normalised price)
     * @param otherCurrency matching offers that rank last because they are normalised to another currency
     */
    public record Answer(int matched, List<OfferSummary> top, String currency, int otherCurrency) {

        public OfferSummary cheapest() {
            return top.isEmpty() ? null : top.get(0);
        }
    }

    /** One matching offer with its sort key (null: unpriced or in another currency). */
    private record Candidate(GpuOffer offer, BigDecimal key) {}

    private static final Comparator<Candidate> ORDER = Comparator.comparing(
                    Candidate::key, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(c -> c.offer().getMetadata().getName());

    private Ranking() {}

    public static Answer answer(GpuOfferQuerySpec spec, Stream<GpuOffer> offers) {
        OfferMatcher matcher = new OfferMatcher(spec);
        QuerySort sort = spec.getSortBy() == null ? QuerySort.PricePerGpuHour : spec.getSortBy();
        int limit = spec.getLimit() == null ? 5 : spec.getLimit();
        List<GpuOffer> matching = offers.filter(matcher::matches).toList();
        String currency = commonCurrency(matching);
        // The `limit` best so far, worst on top, so each offer costs O(log limit).
        PriorityQueue<Candidate> best = new PriorityQueue<>(limit + 1, ORDER.reversed());
        int otherCurrency = 0;
        for (GpuOffer offer : matching) {
            NormalizedPrice price = offer.getStatus().getNormalizedPrice();
            boolean comparable = price != null
                    && price.getCurrency() != null
                    && price.getCurrency().equals(currency);
            if (price != null && !comparable) {
                otherCurrency++;
            }
            best.add(new Candidate(offer, comparable ? decimal(key(price, sort)) : null));
            if (best.size() > limit) {
                best.poll();
            }
        }
        List<Candidate> top = new ArrayList<>(best);
        top.sort(ORDER);
        return new Answer(
                matching.size(), top.stream().map(c -> summary(c.offer())).toList(), currency, otherCurrency);
    }

    private static String commonCurrency(List<GpuOffer> offers) {
        Map<String, Integer> counts = new HashMap<>();
        for (GpuOffer offer : offers) {
            NormalizedPrice price = offer.getStatus().getNormalizedPrice();
            if (price != null && price.getCurrency() != null) {
                counts.merge(price.getCurrency(), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream()
                .min(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    private static String key(NormalizedPrice price, QuerySort sort) {
        return switch (sort) {
            case PricePerGpuHour -> price.getPerGpuHour();
            case PricePerHour -> price.getPerHour();
            case PricePerVramGbHour -> price.getPerVramGbHour();
        };
    }

    static BigDecimal decimal(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static OfferSummary summary(GpuOffer offer) {
        GpuOfferStatus s = offer.getStatus();
        OfferSummary summary = new OfferSummary();
        summary.setName(offer.getMetadata().getName());
        summary.setExternalId(offer.getSpec().getExternalId());
        summary.setProvider(
                offer.getSpec().getProviderRef() == null
                        ? null
                        : offer.getSpec().getProviderRef().getName());
        summary.setGpuSummary(s.getGpuSummary());
        summary.setGpuCount(s.getGpuCount());
        summary.setCountry(s.getLocation() == null ? null : s.getLocation().getCountry());
        NormalizedPrice price = s.getNormalizedPrice();
        if (price != null) {
            summary.setPricePerGpuHour(price.getPerGpuHour());
            summary.setPricePerHour(price.getPerHour());
            summary.setCurrency(price.getCurrency());
        }
        return summary;
    }
}
