package io.computemirror.market.pricing;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computemirror.account.EndpointPolicy;

/**
 * Reads exchange rates from an HTTP endpoint. Contract: {@code GET <url>} answers 200 with
 * {@code {"rates":[{"from":"BTC","to":"USD","rate":"97000.5","time":"2026-12-02T12:00:00Z"}]}} ({@code rate} a
 * decimal string or number, {@code time} RFC 3339). No credentials are sent. The last good answer of each URL is
 * kept: when a read fails, those rates stay in use (subject to the age bound, which retires them in time) and the
 * failure is reported.
 */
public final class RatesEndpoint {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final java.util.regex.Pattern CURRENCY = java.util.regex.Pattern.compile("^[A-Z][A-Z0-9]{1,9}$");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Rates read, and why a read failed (null when it did not). */
    public record Read(List<ExchangeRate> rates, String problem) {}

    private final EndpointPolicy policy;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Map<String, List<ExchangeRate>> lastGood = new ConcurrentHashMap<>();

    public RatesEndpoint(EndpointPolicy policy) {
        this.policy = policy;
    }

    public Read read(String url) {
        Optional<String> refusal = policy.refusal(url);
        if (refusal.isPresent()) {
            return new Read(List.of(), "spec.clore.pricing.ratesEndpoint refused: " + refusal.get());
        }
        String shown = EndpointPolicy.withoutUserInfo(URI.create(url));
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(TIMEOUT)
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return failed(url, "rates endpoint " + shown + " answered HTTP " + response.statusCode());
            }
            List<ExchangeRate> rates = parse(response.body(), "endpoint " + shown);
            lastGood.put(url, rates);
            return new Read(rates, null);
        } catch (IOException e) {
            return failed(
                    url,
                    "rates endpoint " + shown + " could not be read ("
                            + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(url, "interrupted while reading rates endpoint " + shown);
        } catch (IllegalArgumentException e) {
            return failed(url, "rates endpoint " + shown + " answered " + e.getMessage());
        }
    }

    private Read failed(String url, String problem) {
        List<ExchangeRate> kept = lastGood.getOrDefault(url, List.of());
        return new Read(kept, kept.isEmpty() ? problem : problem + "; using its last answer");
    }

    /** Parses the contract's JSON; IllegalArgumentException (with a message saying what is wrong) when off contract. */
    static List<ExchangeRate> parse(String body, String source) throws IOException {
        JsonNode root = JSON.readTree(body);
        JsonNode list = root == null ? null : root.get("rates");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("JSON without a \"rates\" array");
        }
        List<ExchangeRate> rates = new ArrayList<>();
        for (JsonNode entry : list) {
            String from = entry.path("from").asText("");
            String to = entry.path("to").asText("");
            JsonNode rate = entry.path("rate");
            if (!CURRENCY.matcher(from).matches() || !CURRENCY.matcher(to).matches()) {
                throw new IllegalArgumentException("a rate entry whose from/to are not upper-case currency codes");
            }
            try {
                rates.add(new ExchangeRate(
                        from,
                        to,
                        rate.isNumber() ? rate.decimalValue() : new BigDecimal(rate.asText("")),
                        Instant.parse(entry.path("time").asText("")),
                        source + " (" + from + "-" + to + ")"));
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "a rate entry for " + from + "-" + to + " without a decimal rate and an RFC 3339 time");
            }
        }
        return rates;
    }
}
