package io.computemirror.market.pricing;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.computemirror.account.EndpointPolicy;
import io.computemirror.provider.ErrorBodies;
import io.computemirror.provider.ProviderException;
import io.computemirror.provider.ProviderHttp;
import io.computemirror.provider.ProviderJson;
import io.computemirror.provider.RequestOperation;
import io.computemirror.provider.ResilienceSettings;

/**
 * One exchange-rates URL, read through the provider layer's HTTP boundary ({@link ProviderHttp}: timeouts, retries,
 * circuit breaker, Retry-After gate, redaction). Contract: {@code GET <url>} answers 200 with
 * {@code {"rates":[{"from":"BTC","to":"USD","rate":"97000.5","time":"2026-12-02T12:00:00Z"}]}} ({@code rate} a
 * decimal string or number, {@code time} RFC 3339). No credentials are sent. Keep one per URL: its breaker and gate
 * are its state. {@link RatesCache} owns them and calls them off the polls' path.
 */
final class RatesEndpoint {

    private static final Pattern CURRENCY = Pattern.compile("^[A-Z][A-Z0-9]{1,9}$");
    /** A rates service is small and nearby; a poll's pricing should not wait as long as for a provider's listing. */
    static final ResilienceSettings RESILIENCE =
            ResilienceSettings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));

    private final String url;
    /** The URL without user info: safe for messages, sources and logs. */
    private final String shown;

    private final ProviderHttp http;

    /** Never fails: a URL that is not one is refused by the endpoint policy before {@link #read} is called. */
    RatesEndpoint(String url, ResilienceSettings resilience) {
        this.url = url;
        this.shown = shown(url);
        this.http = new ProviderHttp("rates " + shown, null, resilience, ErrorBodies::parse);
    }

    String shown() {
        return shown;
    }

    /** The rates the endpoint lists now, for a URL the endpoint policy allows. */
    List<ExchangeRate> read() {
        URI uri = URI.create(url);
        return http.call(
                RequestOperation.RATES,
                ProviderHttp.Request.get(uri, "GET " + uri.getRawPath(), null),
                body -> parseOrExplain(body, "endpoint " + shown));
    }

    /** Why a read failed, worded for an offer's status (names the endpoint, never a secret). */
    String problem(ProviderException e) {
        if (e.httpStatus() > 0) {
            return "rates endpoint " + shown + " answered HTTP " + e.httpStatus();
        }
        if (e.kind() == ProviderException.Kind.MALFORMED_RESPONSE) {
            return "rates endpoint " + shown + " answered "
                    + e.providerMessage().orElse("a body off the contract");
        }
        return "rates endpoint " + shown + " could not be read (" + e.kind() + ")";
    }

    private static String shown(String url) {
        try {
            return EndpointPolicy.withoutUserInfo(new URI(url));
        } catch (URISyntaxException e) {
            return "(not a URL)";
        }
    }

    /** The HTTP boundary reports an IOException as a malformed body, quoting its message. */
    private static List<ExchangeRate> parseOrExplain(String body, String source) throws IOException {
        try {
            return parse(body, source);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Parses the contract's JSON; IllegalArgumentException (with a message saying what is wrong) when off contract. */
    static List<ExchangeRate> parse(String body, String source) throws IOException {
        JsonNode root = ProviderJson.MAPPER.readTree(body);
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
