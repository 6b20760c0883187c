package io.computemirror.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One HTTP request as a simulator sees it: method, decoded path, query parameters, headers and body. */
public record SimRequest(
        String method,
        String rawPath,
        String path,
        Map<String, String> query,
        Map<String, List<String>> headers,
        byte[] body,
        Instant receivedAt) {

    /** Builds a request; header names are folded to lower case because HTTP treats them case-insensitively. */
    static SimRequest of(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> rawHeaders,
            byte[] body,
            Instant receivedAt) {
        Map<String, List<String>> headers = new TreeMap<>();
        rawHeaders.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return new SimRequest(
                method,
                rawPath,
                decode(rawPath),
                parseQuery(rawQuery),
                Collections.unmodifiableMap(headers),
                body,
                receivedAt);
    }

    /** The first value of a header (case-insensitive name), if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A query parameter, if present. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** An integer query parameter, or {@code fallback} when absent or empty; anything else answers 400. */
    public int intParam(String name, int fallback) {
        String value = param(name).orElse("");
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw SimulatorException.badRequest(name + " must be an integer, was '" + value + "'");
        }
    }

    /** Answers 405 unless the request uses {@code expected}. */
    public void requireMethod(String expected) {
        if (!method.equals(expected)) {
            throw new SimulatorException(405, "method_not_allowed", "Method not allowed: use " + expected + " " + path);
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> result = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Collections.unmodifiableMap(result);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            // First occurrence wins, like most web frameworks do for scalar parameters.
            result.putIfAbsent(decodeQuery(key), decodeQuery(value));
        }
        return Collections.unmodifiableMap(result);
    }

    private static String decodeQuery(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Decodes %XX escapes only; '+' stays literal in paths. */
    static String decode(String rawPath) {
        return URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
