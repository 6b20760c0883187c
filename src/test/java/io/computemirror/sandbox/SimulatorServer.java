package io.computemirror.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared HTTP plumbing of the provider simulators: a JDK {@link HttpServer} on 127.0.0.1, bearer-token checks,
 * {@link Faults}, a {@link RequestLog}, and fast shutdown that also releases held (hanging) requests.
 *
 * @param <S> the concrete simulator, so the fluent {@code withX} methods return it
 */
public abstract class SimulatorServer<S extends SimulatorServer<S>> implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle plus delayed ACKs add
        // about 40 ms to every small answer. It reads this property once, when its first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Shared mapper; ObjectMapper is thread-safe once configured. */
    protected static final ObjectMapper JSON = new ObjectMapper();

    /** Guards the simulated provider state of the subclass. */
    protected final Object lock = new Object();

    private final String name;
    private final Faults faults = new Faults();
    private long seed = 1;
    private final RequestLog requestLog = new RequestLog();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile String token;
    private volatile Clock clock = Clock.systemUTC();
    private volatile int threads = 16;
    private HttpServer server;
    private ExecutorService executor;

    /** Creates a stopped simulator that accepts {@code token} as bearer token. */
    protected SimulatorServer(String name, String token) {
        this.name = name;
        this.token = token;
    }

    /** This simulator, typed. */
    @SuppressWarnings("unchecked")
    protected final S self() {
        return (S) this;
    }

    /** Regenerates the simulated objects from {@code newSeed}. */
    public S withSeed(long newSeed) {
        return regenerateAfter(() -> seed = newSeed);
    }

    /** The seed the objects are generated from (read under {@link #lock}). */
    protected long seed() {
        return seed;
    }

    /** Applies a change to the generation settings and regenerates, atomically for concurrent requests. */
    protected final S regenerateAfter(Runnable settingsChange) {
        synchronized (lock) {
            settingsChange.run();
            regenerate();
        }
        return self();
    }

    /** Rebuilds the simulated objects deterministically from {@link #seed()} and the subclass's settings. */
    protected abstract void regenerate();

    /** Sets the bearer token the simulator accepts. */
    public S withToken(String newToken) {
        this.token = newToken;
        return self();
    }

    /** Sets the clock used for timestamps and token expiry (tests may pass a movable clock). */
    public S withClock(Clock newClock) {
        this.clock = newClock;
        return self();
    }

    /** Sets the number of request threads; long-polls and hangs each hold one. Call before {@link #start()}. */
    public S withThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + count);
        }
        this.threads = count;
        return self();
    }

    /** Starts on an ephemeral port of 127.0.0.1. */
    public S start() {
        return start(0);
    }

    /** Starts on the given port of 127.0.0.1 (0 picks a free one). */
    public synchronized S start(int port) {
        if (server != null) {
            throw new IllegalStateException(name + " simulator is already started");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(name + " simulator cannot listen on 127.0.0.1:" + port, e);
        }
        AtomicInteger counter = new AtomicInteger();
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name.toLowerCase() + "-sim-" + counter.incrementAndGet());
            // Daemon threads: a forgotten simulator must not keep a test JVM alive.
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        onStart();
        return self();
    }

    /** Hook for subclasses that run background work. */
    protected void onStart() {
    }

    /** Hook for subclasses to wake their own waiting requests when closing. */
    protected void onClose() {
    }

    /** The port the server listens on. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException(name + " simulator is not started");
        }
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String rootUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The base URL as the provider's documentation writes its endpoint. */
    public abstract String baseUrl();

    /** The bearer token the simulator accepts. */
    public String token() {
        return token;
    }

    /** Fault injection for this simulator. */
    public Faults faults() {
        return faults;
    }

    /** Requests answered so far. */
    public RequestLog requests() {
        return requestLog;
    }

    /** Current time of the simulator clock. */
    protected Instant now() {
        return clock.instant();
    }

    /** Whether {@link #close()} has been called. */
    protected boolean isClosing() {
        return closing.getCount() == 0;
    }

    /** Stops the server, drops held requests and returns within about a second. */
    @Override
    public void close() {
        closing.countDown();
        onClose();
        HttpServer s;
        ExecutorService e;
        synchronized (this) {
            s = server;
            e = executor;
        }
        if (s != null) {
            s.stop(0);
        }
        if (e != null) {
            e.shutdownNow();
            try {
                e.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Answers one routed request, or throws {@link SimulatorException}. */
    protected abstract SimResponse route(SimRequest request);

    /** The provider's error body for {@code error}. */
    protected abstract byte[] errorBody(SimulatorException error);

    /** Whether this request needs the bearer token (the Quiva token exchange does not). */
    protected boolean requiresAuth(SimRequest request) {
        return true;
    }

    /** Whether the request carries an accepted credential; subclasses may accept more than the static token. */
    protected boolean isAuthorized(SimRequest request) {
        return bearer(request).map(t -> t.equals(token)).orElse(false);
    }

    /** The bearer token of a request, if it sent one. */
    protected static Optional<String> bearer(SimRequest request) {
        return request.header("authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim());
    }

    /** A JSON response with this provider's error body. */
    protected SimResponse errorResponse(SimulatorException error) {
        return SimResponse.json(error.status(), errorBody(error));
    }

    /** Serializes a JSON tree. */
    protected static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh JSON object. */
    protected static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Parses a JSON request body; an empty body gives an empty object, invalid JSON a 400. */
    protected static JsonNode readBody(SimRequest request) {
        if (request.body().length == 0) {
            return object();
        }
        try {
            return JSON.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw SimulatorException.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) {
        SimRequest request = null;
        boolean recorded = false;
        String rawQuery = exchange.getRequestURI().getRawQuery();
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            request = SimRequest.of(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), rawQuery,
                    exchange.getRequestHeaders(), body, now());
            SimResponse response = respond(request);
            // Recorded before sending, so a test that got the answer always finds the request in the log.
            requestLog.record(request, rawQuery, response == null ? -1 : response.status());
            recorded = true;
            if (response != null) {
                send(exchange, response);
            }
        } catch (IOException e) {
            // The client hung up or the server is closing; nothing left to answer (finally records it).
        } finally {
            exchange.close();
            if (!recorded && request != null) {
                requestLog.record(request, rawQuery, -1);
            }
        }
    }

    /** Null means "drop the connection without an answer". */
    private SimResponse respond(SimRequest request) {
        Optional<Faults.Rule> fault = faults.takeRequestFault(request.path());
        if (fault.isPresent()) {
            Faults.Rule rule = fault.get();
            switch (rule.kind()) {
                case HANG -> {
                    if (!hold(rule.duration())) {
                        return null;
                    }
                }
                case SERVER_ERROR -> {
                    return errorResponse(new SimulatorException(rule.status(),
                            rule.status() == 503 ? "unavailable" : "internal",
                            "simulated server error " + rule.status()));
                }
                case RATE_LIMIT -> {
                    return errorResponse(new SimulatorException(429, "resource_exhausted", "rate limit exceeded"))
                            .withHeader("Retry-After", retryAfter(rule));
                }
                case FORBIDDEN -> {
                    return errorResponse(new SimulatorException(403, "permission_denied",
                            "the token lacks the permission for " + request.method() + " " + request.path()));
                }
                default -> throw new IllegalStateException("not a request fault: " + rule.kind());
            }
        }
        SimResponse response;
        try {
            if (requiresAuth(request) && !isAuthorized(request)) {
                throw new SimulatorException(401, "unauthenticated",
                        "missing or invalid credentials: send Authorization: Bearer <token>");
            }
            response = route(request);
        } catch (SimulatorException e) {
            response = errorResponse(e);
        }
        if (response == null || response.status() >= 300) {
            return response;
        }
        Optional<Faults.Kind> bodyFault = faults.takeBodyFault(request.path(), response.listResponse());
        if (bodyFault.isEmpty()) {
            return response;
        }
        byte[] body = response.body();
        if (bodyFault.get() == Faults.Kind.CUT_PAGE) {
            return response.withBody(Arrays.copyOf(body, body.length / 2));
        }
        // A stray comma right after the opening brace breaks every JSON parser, lenient ones included.
        String text = response.bodyText();
        String broken = text.startsWith("{") ? "{," + text.substring(1) : "," + text;
        return response.withBody(broken.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits out a hang; false when the simulator closed meanwhile (or the hang is "until close"). */
    private boolean hold(Duration duration) {
        try {
            if (duration == null) {
                closing.await();
                return false;
            }
            return !closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String retryAfter(Faults.Rule rule) {
        Duration delay = rule.duration() == null ? Duration.ofSeconds(1) : rule.duration();
        if (rule.httpDate()) {
            ZonedDateTime at = ZonedDateTime.ofInstant(now().plus(delay), ZoneOffset.UTC);
            return DateTimeFormatter.RFC_1123_DATE_TIME.format(at);
        }
        return Long.toString((delay.toMillis() + 999) / 1000);
    }

    private static void send(HttpExchange exchange, SimResponse response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
