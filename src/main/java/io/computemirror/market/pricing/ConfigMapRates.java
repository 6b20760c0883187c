package io.computemirror.market.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exchange rates a user keeps in a ConfigMap (GitOps-friendly): each key is {@code FROM-TO} (e.g. {@code BTC-USD}),
 * each value {@code <rate> <RFC 3339 time>} (e.g. {@code 97000.5 2026-12-02T12:00:00Z}): 1 FROM = rate TO at that
 * time. Keys that are not a pair are ignored (room for notes); a pair with a malformed value is reported, by key, and
 * not used.
 */
public final class ConfigMapRates {

    private static final Pattern KEY = Pattern.compile("^([A-Z][A-Z0-9]{1,9})-([A-Z][A-Z0-9]{1,9})$");
    private static final Pattern VALUE = Pattern.compile("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s+(\\S+)\\s*$");

    /** The rates read, and the entries that could not be read (worded for a status message). */
    public record Parsed(List<ExchangeRate> rates, List<String> problems) {}

    private ConfigMapRates() {}

    /** @param name namespace/name of the ConfigMap, for sources and messages */
    public static Parsed parse(String name, Map<String, String> data) {
        List<ExchangeRate> rates = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        new TreeMap<>(data == null ? Map.<String, String>of() : data).forEach((key, value) -> {
            Matcher pair = KEY.matcher(key);
            if (!pair.matches()) {
                return;
            }
            Matcher parts = VALUE.matcher(value == null ? "" : value);
            if (!parts.matches()) {
                problems.add("ConfigMap " + name + " key " + key + " must be '<rate> <RFC 3339 time>', e.g. "
                        + "'97000.5 2026-12-02T12:00:00Z'");
                return;
            }
            try {
                rates.add(new ExchangeRate(
                        pair.group(1),
                        pair.group(2),
                        new BigDecimal(parts.group(1)),
                        Instant.parse(parts.group(2)),
                        "ConfigMap " + name + " key " + key));
            } catch (DateTimeParseException e) {
                problems.add("ConfigMap " + name + " key " + key + ": the time must be RFC 3339 in UTC, e.g. "
                        + "2026-12-02T12:00:00Z");
            }
        });
        return new Parsed(rates, problems);
    }
}
