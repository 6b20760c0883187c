package io.computemirror.market.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.computemirror.api.v1alpha1.GpuOfferStatus;
import io.computemirror.api.v1alpha1.NormalizedPrice;
import io.computemirror.api.v1alpha1.OfferPrice;
import io.computemirror.api.v1alpha1.PricePoint;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * An offer's price history (pure): {@code firstSeenTime}, {@code lastPriceChangeTime} and {@code priceHistory}, the
 * price when first seen and at each later change of the listed prices, the last {@value #MAX_POINTS}. A change is a
 * different set of listed amounts per currency (compared as numbers; Clore gives a changed price a new id, so ids are
 * ignored); a moved exchange rate is not a change. While the offer's status would be larger than
 * {@value #MAX_STATUS_BYTES} bytes as JSON, the oldest points are dropped, so an offer stays under 8 KB.
 */
public final class PriceHistory {

    public static final int MAX_POINTS = 10;
    /** Room for metadata (name, labels, annotations, owner) within 8 KB. */
    static final int MAX_STATUS_BYTES = 6 * 1024;

    private PriceHistory() {}

    /**
     * Copies the history of {@code previous} (null for a new offer) into {@code observed}, adding a point when the
     * listed prices changed.
     *
     * @param created the resource's creationTimestamp (first seen, for offers mirrored before history existed)
     */
    public static void carryOver(GpuOfferStatus previous, String created, GpuOfferStatus observed, Instant now) {
        String time = now.toString();
        boolean known = previous != null && previous.getFirstSeenTime() != null;
        observed.setFirstSeenTime(known ? previous.getFirstSeenTime() : Objects.requireNonNullElse(created, time));
        List<PricePoint> history = known && previous.getPriceHistory() != null
                ? new ArrayList<>(previous.getPriceHistory())
                : new ArrayList<>();
        observed.setLastPriceChangeTime(known ? previous.getLastPriceChangeTime() : null);
        boolean changed = known && !sameListedPrices(previous.getPrices(), observed.getPrices());
        if (history.isEmpty() || changed) {
            history.add(point(observed, time));
            if (changed) {
                observed.setLastPriceChangeTime(time);
            }
            while (history.size() > MAX_POINTS) {
                history.remove(0);
            }
            observed.setPriceHistory(history);
            while (history.size() > 1 && Serialization.asJson(observed).length() > MAX_STATUS_BYTES) {
                history.remove(0);
            }
        }
        observed.setPriceHistory(history.isEmpty() ? null : history);
    }

    static boolean sameListedPrices(List<OfferPrice> before, List<OfferPrice> after) {
        return amounts(before).equals(amounts(after));
    }

    /** Currency → amounts, as comparable numbers. */
    private static Map<String, List<BigDecimal>> amounts(List<OfferPrice> prices) {
        Map<String, List<BigDecimal>> byCurrency = new TreeMap<>();
        for (OfferPrice p : prices == null ? List.<OfferPrice>of() : prices) {
            byCurrency
                    .computeIfAbsent(String.valueOf(p.getCurrency()), c -> new ArrayList<>())
                    .add(new BigDecimal(p.getAmount()).stripTrailingZeros());
        }
        byCurrency.values().forEach(list -> list.sort(BigDecimal::compareTo));
        return byCurrency;
    }

    private static PricePoint point(GpuOfferStatus status, String time) {
        PricePoint point = new PricePoint();
        point.setTime(time);
        NormalizedPrice normalized = status.getNormalizedPrice();
        if (normalized != null && normalized.getBasis() != null) {
            point.setAmount(normalized.getBasis().getAmount());
            point.setCurrency(normalized.getBasis().getCurrency());
            point.setPerGpuHour(normalized.getPerGpuHour());
            point.setNormalizedCurrency(normalized.getPerGpuHour() == null ? null : normalized.getCurrency());
        } else if (status.getPrices() != null && !status.getPrices().isEmpty()) {
            point.setAmount(status.getPrices().get(0).getAmount());
            point.setCurrency(status.getPrices().get(0).getCurrency());
        }
        return point;
    }
}
