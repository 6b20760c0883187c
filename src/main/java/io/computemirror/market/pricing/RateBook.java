package io.computemirror.market.pricing;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exchange rates known for one poll, from every source: per pair the newest one. {@code problems} are the
 * sources that could not be read (a missing ConfigMap, an unreachable endpoint, a malformed entry), quoted when an
 * offer has no rate, so its status says why.
 */
public final class RateBook {

    private static final RateBook EMPTY = new RateBook(List.of(), List.of());

    private final Map<String, ExchangeRate> newest = new HashMap<>();
    private final List<String> problems;

    public RateBook(Collection<ExchangeRate> rates, List<String> problems) {
        for (ExchangeRate rate : rates) {
            newest.merge(rate.pair(), rate, (a, b) -> b.time().isAfter(a.time()) ? b : a);
        }
        this.problems = List.copyOf(problems);
    }

    public static RateBook empty() {
        return EMPTY;
    }

    /** The newest rate for {@code from → to}, if any source gave one. */
    public Optional<ExchangeRate> find(String from, String to) {
        return Optional.ofNullable(newest.get(ExchangeRate.pair(from, to)));
    }

    public List<String> problems() {
        return problems;
    }
}
