package io.computemirror.market;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The test oracle for "the cheapest available offer with at least N GPUs of a model, by price per GPU-hour", computed
 * by hand from the provider's listing: it reads {@code GET /clore/v1/machines} itself (raw JSON, no operator code),
 * and compares prices as exact fractions {@code amount × rate / (24 × GPUs)} by cross-multiplication, so it shares
 * neither the operator's parser nor its rounding path. Only the published value is rounded, once, half-even to 10
 * places, as the README documents.
 */
final class ListingOracle {

    /** The offers whose exact price is the lowest (several when prices tie), and that price as published. */
    record Cheapest(Set<String> machineIds, String published, int candidates) {}

    private record Candidate(String machineId, BigDecimal numerator, BigDecimal denominator) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private ListingOracle() {}

    /** Every machine the listing returns, page by page (pages start at 1). */
    static List<JsonNode> listing(String baseUrl, String token) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        List<JsonNode> machines = new ArrayList<>();
        for (int page = 1; ; page++) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/clore/v1/machines?page=" + page + "&page_size=100"))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            body.get("machines").forEach(machines::add);
            if (body.get("machines").isEmpty()
                    || machines.size() >= body.get("total").asInt()) {
                return machines;
            }
        }
    }

    /**
     * @param gpuName every GPU of a candidate has exactly this name
     * @param ratesToUsd units of USD per unit of each currency (USD itself is 1); other currencies do not convert
     */
    static Cheapest cheapestPerGpuDayPrice(
            List<JsonNode> machines, String gpuName, int minGpus, Map<String, BigDecimal> ratesToUsd) {
        List<Candidate> candidates = new ArrayList<>();
        for (JsonNode m : machines) {
            JsonNode gpus = m.path("hardware_specs").path("gpus");
            boolean model = gpus.size() > 0;
            for (JsonNode g : gpus) {
                model &= gpuName.equals(g.path("name").asText());
            }
            if (!"available".equals(m.path("status").asText()) || !model || gpus.size() < minGpus) {
                continue;
            }
            Candidate best = null;
            for (JsonNode p : m.path("machine_prices")) {
                BigDecimal rate = "USD".equals(p.path("currency").asText())
                        ? BigDecimal.ONE
                        : ratesToUsd.get(p.path("currency").asText());
                if (rate == null) {
                    continue;
                }
                // Listed per day (the documented default unit): per GPU-hour = amount × rate / (24 × GPUs).
                Candidate c = new Candidate(
                        m.path("metadata").path("machine_id").asText(),
                        new BigDecimal(p.path("amount").asText()).multiply(rate),
                        BigDecimal.valueOf(24L * gpus.size()));
                if (best == null || less(c, best)) {
                    best = c;
                }
            }
            if (best != null) {
                candidates.add(best);
            }
        }
        if (candidates.isEmpty()) {
            return new Cheapest(Set.of(), null, 0);
        }
        Candidate min = candidates.stream().reduce((a, b) -> less(b, a) ? b : a).orElseThrow();
        Set<String> ids = candidates.stream()
                .filter(c -> !less(min, c) && !less(c, min))
                .map(Candidate::machineId)
                .collect(Collectors.toSet());
        BigDecimal value = min.numerator()
                .divide(min.denominator(), 10, RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
        return new Cheapest(ids, value.signum() == 0 ? "0" : value.toPlainString(), candidates.size());
    }

    /** a/b < c/d, exactly. */
    private static boolean less(Candidate x, Candidate y) {
        return x.numerator().multiply(y.denominator()).compareTo(y.numerator().multiply(x.denominator())) < 0;
    }
}
