package io.computemirror.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

/**
 * A rates endpoint as {@code spec.clore.pricing.ratesEndpoint} expects it (contract: README, "Exchange rates"):
 * {@code GET /v1/rates} answers {@code {"rates":[{"from","to","rate","time"}]}} on 127.0.0.1. Rates are set at run
 * time; {@link #failWith(int)} makes it answer an error instead, to test that the last good answer is kept.
 */
public final class ExchangeRatesSimulator implements AutoCloseable {

    public static final String PATH = "/v1/rates";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ObjectNode> rates = new TreeMap<>();
    private final AtomicInteger failWith = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;

    private ExchangeRatesSimulator(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port of 127.0.0.1. */
    public static ExchangeRatesSimulator start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ExchangeRatesSimulator simulator = new ExchangeRatesSimulator(server);
            server.createContext(PATH, exchange -> {
                simulator.requests.incrementAndGet();
                int status = simulator.failWith.get();
                byte[] body =
                        status == 0 ? simulator.body() : "{\"error\":\"unavailable\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status == 0 ? 200 : status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "rates-simulator");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return simulator;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the rates simulator", e);
        }
    }

    /** The URL to put in spec.clore.pricing.ratesEndpoint. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Sets 1 {@code from} = {@code rate} {@code to}, observed at {@code time}. */
    public synchronized ExchangeRatesSimulator rate(String from, String to, String rate, Instant time) {
        ObjectNode entry = JSON.createObjectNode()
                .put("from", from)
                .put("to", to)
                .put("rate", new BigDecimal(rate).toPlainString())
                .put("time", time.toString());
        rates.put(from + "-" + to, entry);
        return this;
    }

    /** 0: answer normally; otherwise answer this HTTP status. */
    public void failWith(int status) {
        failWith.set(status);
    }

    public int requests() {
        return requests.get();
    }

    private synchronized byte[] body() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("rates");
        rates.values().forEach(list::add);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
