package io.computemirror.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every request a simulator answered, with its headers (credentials redacted) and final status, so tests can count
 * calls per path and check what a client sent.
 */
public final class RequestLog {

    /** Headers whose values are credentials and are never stored. */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-api-key", "auth", "cookie");

    /**
     * One answered request. {@code path} is decoded ({@code %3A} becomes {@code :}); {@code status} is -1 when the
     * connection was dropped without an answer.
     */
    public record Entry(
            Instant time, String method, String path, String query, Map<String, List<String>> headers, int status) {

        /** The first value of a header (lower-case name), or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    void record(SimRequest request, String rawQuery, int status) {
        Map<String, List<String>> headers = new TreeMap<>();
        request.headers()
                .forEach((name, values) ->
                        headers.put(name, SECRET_HEADERS.contains(name) ? List.of(redact(values.get(0))) : values));
        Entry entry = new Entry(
                request.receivedAt(),
                request.method(),
                request.path(),
                rawQuery,
                Collections.unmodifiableMap(headers),
                status);
        synchronized (entries) {
            entries.add(entry);
        }
    }

    /** Keeps the scheme so tests can see "Bearer" was used, never the secret. */
    private static String redact(String value) {
        int space = value.indexOf(' ');
        return space > 0 ? value.substring(0, space) + " <redacted>" : "<redacted>";
    }

    /** All entries in the order the answers were sent. */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Entries for one decoded path (exact match, no query). */
    public List<Entry> forPath(String path) {
        return entries().stream().filter(e -> e.path().equals(path)).toList();
    }

    /** Number of requests to one decoded path. */
    public int count(String path) {
        return forPath(path).size();
    }

    /** Number of requests with this method to one decoded path. */
    public int count(String method, String path) {
        return (int) forPath(path).stream()
                .filter(e -> e.method().equalsIgnoreCase(method))
                .count();
    }

    /** Request counts per decoded path. */
    public Map<String, Integer> countsByPath() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        entries().forEach(e -> counts.merge(e.path(), 1, Integer::sum));
        return counts;
    }

    /** Total number of answered requests. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Forgets everything recorded so far. */
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
