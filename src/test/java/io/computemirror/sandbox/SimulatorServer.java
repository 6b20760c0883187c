package io.computemirror.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Shared HTTP plumbing of the provider simulators: a JDK {@link HttpServer} on 127.0.0.1, bearer-token checks,
 * {@link Faults} (applied by {@link FaultResponder}), the {@link SandboxAdmin} endpoint, a {@link RequestLog}, and
 * fast shutdown that also releases held (hanging) requests.
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

    /** Guards the simulated provider state of the subclass. */
    protected final Object lock = new Object();

    private final String name;
    private final Faults faults;
    private final RequestLog requestLog = new RequestLog();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final FaultResponder faultResponder;
    private final SandboxAdmin admin;
    private long seed = 1;
    private volatile String token;
    private volatile Clock clock = Clock.systemUTC();
    private volatile int threads = 16;
    private HttpServer server;
    private ExecutorService executor;

    /** A stopped simulator that accepts {@code token} and applies the common faults plus {@code ownFaults}. */
    protected SimulatorServer(String name, String token, Set<Faults.Kind> ownFaults) {
        this.name = name;
        this.token = token;
        this.faults = new Faults(name, ownFaults);
        this.faultResponder = new FaultResponder(faults, this::errorResponse, this::now, closing);
        this.admin = new SandboxAdmin(faults, this::stateCommand);
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
        executor = Executors.newFixedThreadPool(threads, DaemonThreads.named(name.toLowerCase() + "-sim"));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        onStart();
        return self();
    }

    /** Hook for subclasses that run background work. */
    protected void onStart() {}

    /** Hook for subclasses to wake their own waiting requests when closing. */
    protected void onClose() {}

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

    /** The base URL as the provider's documentation writes its endpoint (default: {@link #rootUrl()}). */
    public String baseUrl() {
        return rootUrl();
    }

    /** The bearer token the simulator accepts. */
    public String token() {
        return token;
    }

    /** The fault plan of this simulator (also settable at run time: {@code /_sandbox/faults}). */
    public Faults faults() {
        return faults;
    }

    /** Requests answered so far (admin requests excluded). */
    public RequestLog requests() {
        return requestLog;
    }

    /** Current time of the simulator clock. */
    protected Instant now() {
        return clock.instant();
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

    /** One run-time state change from {@code POST /_sandbox/state}; returns what changed. */
    protected abstract JsonNode stateCommand(AdminCommand command);

    /** The provider's error body for {@code error}; by default {@code {"error": message}} (Quiva, Clore). */
    protected byte[] errorBody(SimulatorException error) {
        return SimJson.write(SimJson.object().put("error", error.getMessage()));
    }

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

    private void handle(HttpExchange exchange) {
        SimRequest request = null;
        boolean recorded = false;
        String rawQuery = exchange.getRequestURI().getRawQuery();
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            request = SimRequest.of(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    rawQuery,
                    exchange.getRequestHeaders(),
                    body,
                    now());
            if (SandboxAdmin.isAdmin(request)) {
                recorded = true;
                send(exchange, admin.handle(request));
                return;
            }
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
        FaultResponder.Verdict verdict = faultResponder.before(request);
        if (!verdict.proceed()) {
            return verdict.answer();
        }
        SimResponse response;
        try {
            if (requiresAuth(request) && !isAuthorized(request)) {
                throw new SimulatorException(
                        401, "unauthenticated", "missing or invalid credentials: send Authorization: Bearer <token>");
            }
            response = route(request);
        } catch (SimulatorException e) {
            response = errorResponse(e);
        }
        return faultResponder.after(request, response);
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
