package io.computemirror.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a run's time went, from the API server's audit log: the mutating requests to one namespace's GpuOffers, how
 * long the server took for each, how many were in flight on average, and how much of the run no request was in flight
 * at all (the client's own time: listing the provider, planning, waiting between requests).
 *
 * @param requests completed mutating requests
 * @param byVerb the same, by verb and subresource ({@code create}, {@code patch status})
 * @param meanMillis the server's mean time per request (received to response complete)
 * @param inFlight the mean number of requests in flight, over the run
 * @param idleShare the share of the run in which no request was in flight
 */
record RequestProfile(long requests, Map<String, Long> byVerb, double meanMillis, double inFlight, double idleShare) {

    /** The mutating requests to GpuOffers of {@code namespace} received between {@code from} and {@code to}. */
    static RequestProfile of(Path auditLog, String namespace, Instant from, Instant to) throws IOException {
        List<Instant[]> spans = new ArrayList<>();
        Map<String, Long> byVerb = new TreeMap<>();
        try (var lines = Files.lines(auditLog)) {
            for (String line : (Iterable<String>) lines::iterator) {
                JsonNode event = BenchTools.parse(line);
                JsonNode ref = event.path("objectRef");
                if (!"ResponseComplete".equals(event.path("stage").asText())
                        || !namespace.equals(ref.path("namespace").asText())) {
                    continue;
                }
                Instant received =
                        Instant.parse(event.path("requestReceivedTimestamp").asText());
                if (received.isBefore(from) || received.isAfter(to)) {
                    continue;
                }
                spans.add(new Instant[] {
                    received, Instant.parse(event.path("stageTimestamp").asText())
                });
                String verb = event.path("verb").asText()
                        + (ref.hasNonNull("subresource")
                                ? " " + ref.path("subresource").asText()
                                : "");
                byVerb.merge(verb, 1L, Long::sum);
            }
        }
        double run = Math.max(1, Duration.between(from, to).toMillis());
        double busy = spans.stream()
                .mapToLong(s -> Duration.between(s[0], s[1]).toMillis())
                .sum();
        return new RequestProfile(
                spans.size(), byVerb, spans.isEmpty() ? 0 : busy / spans.size(), busy / run, 1 - covered(spans) / run);
    }

    /** Milliseconds in which at least one of the spans was open. */
    private static double covered(List<Instant[]> spans) {
        spans.sort(Comparator.comparing(s -> s[0]));
        long total = 0;
        Instant start = null;
        Instant end = null;
        for (Instant[] span : spans) {
            if (end == null || span[0].isAfter(end)) {
                total += end == null ? 0 : Duration.between(start, end).toMillis();
                start = span[0];
                end = span[1];
            } else if (span[1].isAfter(end)) {
                end = span[1];
            }
        }
        return total + (end == null ? 0 : Duration.between(start, end).toMillis());
    }

    @Override
    public String toString() {
        return String.format(
                "%d requests %s, %.1f ms each at the server, %.1f in flight on average, none in flight %.0f%% of the time",
                requests, byVerb, meanMillis, inFlight, idleShare * 100);
    }
}
