package io.computemirror.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

/**
 * The HTTP layer of one provider account and its secret boundary: JDK HttpClient with connect and read timeouts, the
 * credential sent only as a header, JSON bodies, and error mapping to {@link ProviderException} with every provider
 * text redacted (credential and run-time secrets) before it reaches a message. Resilience (retries, circuit breaker,
 * the {@code Retry-After} gate) is {@link ProviderGuard}'s. Keep one instance per account for the account's lifetime.
 */
public final class ProviderHttp {

    private static final Logger LOG = Logger.getLogger(ProviderHttp.class);
    private static final int MAX_MESSAGE_CHARS = 300;

    /** Reads a 2xx response body; IOException (including Jackson's) means the body is malformed. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(String body) throws IOException;
    }

    /** Extracts the provider's code and message from an error body (shapes differ per provider). */
    @FunctionalInterface
    public interface ErrorParser {
        ParsedError parse(String body);
    }

    /** The provider's view of a failure; any part may be null. */
    public record ParsedError(String code, String message, Map<String, String> details) {}

    /**
     * One HTTP request. {@code bearer} is sent as {@code Authorization: Bearer}, or nothing when null.
     *
     * @param operation short description for logs and errors, e.g. {@code GET /machines} (never secrets)
     * @param readTimeout overrides the account's read timeout when not null
     */
    public record Request(
            String method,
            URI uri,
            String operation,
            Credential bearer,
            Map<String, String> headers,
            String jsonBody,
            Duration readTimeout) {

        public static Request get(URI uri, String operation, Credential bearer) {
            return new Request("GET", uri, operation, bearer, Map.of(), null, null);
        }

        public static Request post(URI uri, String operation, Credential bearer, String jsonBody) {
            return new Request("POST", uri, operation, bearer, Map.of(), jsonBody, null);
        }

        public Request withHeader(String name, String value) {
            if (value == null) {
                return this;
            }
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Request(method, uri, operation, bearer, copy, jsonBody, readTimeout);
        }

        public Request withReadTimeout(Duration timeout) {
            return new Request(method, uri, operation, bearer, headers, jsonBody, timeout);
        }

        public Request withJsonBody(String body) {
            return new Request(method, uri, operation, bearer, headers, body, readTimeout);
        }

        /** Method and target only: bodies (e.g. a Quiva API key exchange) and headers never reach a string. */
        @Override
        public String toString() {
            return "Request[" + operation + "]";
        }
    }

    private final String key;
    /** The account's secret, redacted from every provider text; null for an endpoint called without one. */
    private final Credential credential;

    private final ResilienceSettings settings;
    private final ErrorParser errorParser;
    private final HttpClient client;
    private final ProviderGuard guard;
    /** The account whose requests {@link #observer} sees; null for an endpoint that is no account. */
    private final ProviderAccount account;

    private final RequestObserver observer;
    /** Secrets obtained at run time (e.g. Quiva session tokens) that must be redacted like the credential. */
    private volatile List<Credential> runtimeSecrets = List.of();

    public ProviderHttp(ProviderAccount account, ErrorParser errorParser) {
        this(account, account.key(), account.credential(), account.resilience(), errorParser);
    }

    /**
     * The boundary for an endpoint that is no provider account (the exchange rates): the same timeouts, retries,
     * circuit breaker, Retry-After gate and redaction.
     *
     * @param key names the endpoint in logs, errors and the circuit breaker
     * @param credential the secret to redact from provider texts, or null when none is sent
     */
    public ProviderHttp(String key, Credential credential, ResilienceSettings settings, ErrorParser errorParser) {
        this(null, key, credential, settings, errorParser);
    }

    private ProviderHttp(
            ProviderAccount account,
            String key,
            Credential credential,
            ResilienceSettings settings,
            ErrorParser errorParser) {
        this.account = account;
        this.observer = account == null ? RequestObserver.NONE : account.observer();
        this.key = Objects.requireNonNull(key, "key");
        this.credential = credential;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.errorParser = Objects.requireNonNull(errorParser, "errorParser");
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.guard = new ProviderGuard(
                key, settings, () -> observer.retryAfterWait(account), state -> observer.circuitState(account, state));
    }

    /**
     * Sends the request through retries and the circuit breaker and reads the 2xx body with {@code reader}.
     *
     * @param kind what the request is for, the {@code operation} label of its metrics
     */
    public <T> T call(RequestOperation kind, Request request, BodyReader<T> reader) {
        AtomicBoolean attempted = new AtomicBoolean();
        return guard.call(request.operation(), () -> {
            if (attempted.getAndSet(true)) {
                observer.retry(account, kind);
            }
            return attempt(kind, request, reader);
        });
    }

    private <T> T attempt(RequestOperation kind, Request request, BodyReader<T> reader) {
        Optional<Duration> held = guard.retryAfter().remaining();
        if (held.isPresent()) {
            Duration wait = held.get();
            LOG.debugf(
                    "provider account %s: %s held back %d ms by an earlier Retry-After",
                    key, request.operation(), wait.toMillis());
            throw new ProviderException(
                    ProviderException.Kind.RATE_LIMITED,
                    key,
                    request.operation(),
                    0,
                    null,
                    "not sent: the provider asked to wait (Retry-After)",
                    wait,
                    null,
                    null);
        }
        Duration readTimeout = request.readTimeout() != null ? request.readTimeout() : settings.readTimeout();
        HttpRequest httpRequest = toHttpRequest(request, readTimeout);
        LOG.debugf("provider account %s: %s %s", key, request.method(), loggableTarget(request.uri()));
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = send(request, httpRequest, readTimeout);
        } catch (ProviderException e) {
            observeUnanswered(kind, e, start);
            throw e;
        }
        int status = response.statusCode();
        observer.request(
                account,
                kind,
                RequestObserver.Outcome.ofStatus(status),
                Duration.ofNanos(System.nanoTime() - start),
                Utf8.length(response.body()));
        LOG.tracef(
                "provider account %s: %s -> HTTP %d in %d ms (%d chars)",
                key,
                request.operation(),
                status,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                response.body() == null ? 0 : response.body().length());
        if (status >= 200 && status < 300) {
            try {
                return reader.read(response.body() == null ? "" : response.body());
            } catch (IOException e) {
                throw ProviderException.of(
                        ProviderException.Kind.MALFORMED_RESPONSE,
                        key,
                        request.operation(),
                        "unexpected response body: " + redact(request, malformedReason(e)),
                        null);
            }
        }
        throw errorFor(request, response);
    }

    private void observeUnanswered(RequestOperation kind, ProviderException e, long start) {
        RequestObserver.Outcome outcome =
                switch (e.kind()) {
                    case TIMEOUT -> RequestObserver.Outcome.TIMEOUT;
                    case CONNECTION -> RequestObserver.Outcome.CONNECTION;
                    // An interrupted wait says nothing about the provider.
                    default -> null;
                };
        if (outcome != null) {
            observer.request(account, kind, outcome, Duration.ofNanos(System.nanoTime() - start), 0);
        }
    }

    /**
     * Describes a body that could not be read without quoting it: Jackson messages echo body text, and a body may
     * echo a secret.
     */
    private static String malformedReason(IOException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException jme) {
            return "JSON of the wrong shape at " + jme.getPathReference();
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe) {
            com.fasterxml.jackson.core.JsonLocation at = jpe.getLocation();
            return "not valid JSON" + (at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr());
        }
        return e.getMessage();
    }

    private HttpRequest toHttpRequest(Request request, Duration readTimeout) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(request.uri()).timeout(readTimeout).header("Accept", "application/json");
        if (request.bearer() != null) {
            b.header("Authorization", "Bearer " + request.bearer().reveal());
        }
        request.headers().forEach(b::header);
        if (request.jsonBody() != null) {
            b.header("Content-Type", "application/json");
            b.method(request.method(), HttpRequest.BodyPublishers.ofString(request.jsonBody(), StandardCharsets.UTF_8));
        } else {
            b.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private HttpResponse<String> send(Request request, HttpRequest httpRequest, Duration readTimeout) {
        CompletableFuture<HttpResponse<String>> future =
                client.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        // The request timeout stops waiting for headers; this bound also covers a body that stalls.
        long boundMillis = settings.connectTimeout().plus(readTimeout).toMillis();
        try {
            return future.get(boundMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timeout(request, readTimeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw ProviderException.of(
                    ProviderException.Kind.INTERRUPTED,
                    key,
                    request.operation(),
                    "interrupted while waiting for the provider",
                    null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                throw ProviderException.of(
                        ProviderException.Kind.TIMEOUT,
                        key,
                        request.operation(),
                        "no connection within " + settings.connectTimeout().toMillis() + " ms",
                        null);
            }
            if (cause instanceof HttpTimeoutException) {
                throw timeout(request, readTimeout);
            }
            String what = cause instanceof ConnectException
                    ? "connection refused or unreachable"
                    : "connection failed ("
                            + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + ")";
            throw ProviderException.of(ProviderException.Kind.CONNECTION, key, request.operation(), what, null);
        }
    }

    private ProviderException timeout(Request request, Duration readTimeout) {
        return ProviderException.of(
                ProviderException.Kind.TIMEOUT,
                key,
                request.operation(),
                "no complete response within " + readTimeout.toMillis() + " ms",
                null);
    }

    private ProviderException errorFor(Request request, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        ParsedError parsed = body.isBlank() ? null : errorParser.parse(body);
        String message = parsed != null && parsed.message() != null ? parsed.message() : snippet(body);
        String code = parsed == null ? null : parsed.code();
        Map<String, String> details = parsed == null || parsed.details() == null ? Map.of() : parsed.details();
        Duration retryAfter = null;
        if (status == 429 || status == 503) {
            retryAfter = response.headers()
                    .firstValue("Retry-After")
                    .flatMap(RetryAfter::parse)
                    .orElse(null);
            if (retryAfter != null) {
                guard.retryAfter().hold(retryAfter);
            }
        }
        Map<String, String> redactedDetails = new LinkedHashMap<>();
        details.forEach((k, v) -> redactedDetails.put(k, redact(request, v)));
        ProviderException e = new ProviderException(
                ProviderException.Kind.ofStatus(status),
                key,
                request.operation(),
                status,
                redact(request, code),
                redact(request, message),
                retryAfter,
                redactedDetails,
                null);
        LOG.debug(e.getMessage());
        return e;
    }

    private String redact(Request request, String text) {
        String out = credential == null ? text : credential.redact(text);
        for (Credential secret : runtimeSecrets) {
            out = secret.redact(out);
        }
        return request.bearer() == null ? out : request.bearer().redact(out);
    }

    /** Registers the secrets a client obtained at run time, so provider messages echoing them are redacted. */
    public void setRuntimeSecrets(List<Credential> secrets) {
        this.runtimeSecrets = List.copyOf(secrets);
    }

    /** A JSON object of secret string fields (e.g. {@code {"api_key": ...}}) without exposing the values. */
    public static String jsonWithSecrets(Map<String, Credential> fields) {
        com.fasterxml.jackson.databind.node.ObjectNode node = ProviderJson.MAPPER.createObjectNode();
        fields.forEach((k, v) -> node.put(k, v.reveal()));
        return node.toString();
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String text = body.replaceAll("\\s+", " ").trim();
        // Clipped like every text the operator writes (ending in …); the provider layer keeps no API dependency.
        return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS - 1) + "…";
    }

    /** Path and query only, so a host with user-info could never leak into logs. */
    private static String loggableTarget(URI uri) {
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    }
}
