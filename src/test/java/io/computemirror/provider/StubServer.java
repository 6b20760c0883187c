package io.computemirror.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A scripted HTTP server on 127.0.0.1 that records every request with a server-side timestamp. */
public final class StubServer implements AutoCloseable {

    /** A request as the server saw it. */
    public record Recorded(String method, String path, String query, Headers headers, String body, long nanos) {

        public String header(String name) {
            return headers.getFirst(name);
        }

        /** The raw request target (path and query) as sent on the wire. */
        public String target() {
            return query == null ? path : path + "?" + query;
        }
    }

    /** A scripted response; {@code hang} never answers (until the server stops). */
    public record Reply(int status, String body, Map<String, String> headers, boolean hangs, long delayMillis) {

        public static Reply json(int status, String body) {
            return new Reply(status, body, Map.of(), false, 0);
        }

        public static Reply ok(String body) {
            return json(200, body);
        }

        public static Reply hang() {
            return new Reply(0, null, Map.of(), true, 0);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> h = new java.util.LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, body, h, hangs, delayMillis);
        }

        public Reply delayed(long millis) {
            return new Reply(status, body, headers, hangs, millis);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Function<Recorded, Reply> handler = r -> Reply.json(404, "{\"error\":\"no handler\"}");

    public StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public URI uri(String basePath) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + basePath);
    }

    public StubServer handler(Function<Recorded, Reply> h) {
        this.handler = h;
        return this;
    }

    /** Replies in order; the last reply repeats. */
    public StubServer replies(Reply... replies) {
        List<Reply> list = new ArrayList<>(List.of(replies));
        return handler(r -> list.size() > 1 ? list.remove(0) : list.get(0));
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Recorded rec = new Recorded(
                ex.getRequestMethod(),
                ex.getRequestURI().getRawPath(),
                ex.getRequestURI().getRawQuery(),
                ex.getRequestHeaders(),
                body,
                System.nanoTime());
        requests.add(rec);
        Reply reply = handler.apply(rec);
        try {
            if (reply.hangs()) {
                stopped.await(30, TimeUnit.SECONDS);
                ex.close();
                return;
            }
            if (reply.delayMillis() > 0) {
                stopped.await(reply.delayMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        // HttpServer.stop blocks up to a second for its dispatcher loop; tests need not wait for that.
        Thread stopper = new Thread(
                () -> {
                    server.stop(0);
                    executor.shutdownNow();
                },
                "stub-server-stop");
        stopper.setDaemon(true);
        stopper.start();
    }
}
