package io.computemirror.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Simulator of the Quiva API ({@code https://api.quiva.ai}): {@code GET /compute/machines} plus the API-key
 * exchange ({@code POST /accounts/auth-with-api-key}) and token refresh ({@code POST /accounts/refresh-token}).
 *
 * <p>Decisions where the docs are silent: {@code results_total} counts machines after filtering; no {@code status}
 * filter (or {@code *}) lists every status; an unknown status value answers 400. Auth tokens are JWT-shaped strings
 * that expire after {@link #withTokenLifetime(Duration)} (default 15 minutes); refresh tokens never expire but are
 * single use (a refresh returns a new pair). The static {@link #token()} is always accepted as well.
 */
public final class QuivaSimulator extends SimulatorServer<QuivaSimulator> {

    /** Static bearer token accepted by default. */
    public static final String DEFAULT_TOKEN = "quiva-sandbox-token";
    /** API key accepted by default by {@code POST /accounts/auth-with-api-key} (docs show the {@code ms-} prefix). */
    public static final String DEFAULT_API_KEY = "ms-sandbox-api-key-0001";
    /** The id of the documentation example; always the first sample machine. */
    public static final String DOC_MACHINE_ID = "QVzJ6dGqpS6bsaY0qdZLtC";
    /** A second sample machine whose id differs from {@link #DOC_MACHINE_ID} only in letter case. */
    public static final String CASE_TWIN_MACHINE_ID = "QVzJ6dGqpS6bsaY0qdZLtc";
    /** Account id used as {@code owner} of every machine. */
    public static final String ACCOUNT = "ABCD1234";
    /** Statuses the documented {@code status} filter knows (besides {@code *}). */
    public static final List<String> STATUSES = List.of("running", "paused", "stopped");

    private static final List<String> RUNTIMES = List.of("nodejs", "python", "go", "docker");
    private static final List<String> NODES = List.of("mc-eu-one", "mc-eu-two", "mc-us-one");
    private static final int[] MEMORY_MB = {128, 256, 512, 1024, 2048};
    private static final ObjectNode STATS_TEMPLATE = loadStatsTemplate();
    private static final SecureRandom TOKEN_RANDOM = new SecureRandom();

    /** Mutable state of one machine; guarded by the simulator lock. */
    private static final class Machine {
        String id;
        long pid;
        String status;
        String runtime;
        String runtimeVersion;
        int memoryMb;
        Instant created;
        String namespace;
        String service;
        String serviceVersion;
        String node;
        String cpu;
        long cpuUsage;
        long memoryUsage;
    }

    /** One issued auth token. */
    private record Issued(String authToken, String refreshToken, Instant expiresAt) {
    }

    /** Read-only view of a machine for tests. */
    public record MachineView(String id, String status, String runtime, String namespace, String service) {
    }

    private final List<Machine> machines = new ArrayList<>();
    private final Set<String> apiKeys = ConcurrentHashMap.newKeySet();
    private final Map<String, Issued> byAuthToken = new HashMap<>();
    private final Map<String, Issued> byRefreshToken = new HashMap<>();
    private int machineCount = 12;
    private Random walk;
    private volatile Duration tokenLifetime = Duration.ofMinutes(15);

    /** A stopped simulator with 12 machines from seed 1, token {@link #DEFAULT_TOKEN}, key {@link #DEFAULT_API_KEY}. */
    public QuivaSimulator() {
        super("Quiva", DEFAULT_TOKEN);
        apiKeys.add(DEFAULT_API_KEY);
        regenerate();
    }

    @Override
    public String baseUrl() {
        return rootUrl();
    }


    /** Regenerates {@code count} machines (the first two are the documentation id and its case twin). */
    public QuivaSimulator withMachines(int count) {
        return regenerateAfter(() -> machineCount = count);
    }

    /** Adds an API key that the exchange endpoint accepts. */
    public QuivaSimulator withApiKey(String apiKey) {
        apiKeys.add(apiKey);
        return this;
    }

    /** Sets how long issued auth tokens stay valid. */
    public QuivaSimulator withTokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
        return this;
    }

    /**
     * One step of the seeded random walk: each machine changes status with probability 1/5 (running → paused or
     * stopped, paused or stopped → running) and its usage counters grow. Returns how many statuses changed.
     */
    public int advance() {
        synchronized (lock) {
            int changed = 0;
            for (Machine m : machines) {
                m.cpuUsage += 1_000_000L + walk.nextInt(50_000_000);
                m.memoryUsage = Math.max(1_000_000L, m.memoryUsage + walk.nextInt(2_000_000) - 1_000_000);
                if (walk.nextInt(5) != 0) {
                    continue;
                }
                m.status = switch (m.status) {
                    case "running" -> walk.nextBoolean() ? "paused" : "stopped";
                    default -> "running";
                };
                changed++;
            }
            return changed;
        }
    }

    /** Sets one machine's status ({@code running}, {@code paused} or {@code stopped}); ids are case-sensitive. */
    public void setStatus(String machineId, String status) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("unknown Quiva status " + status + ", expected one of " + STATUSES);
        }
        synchronized (lock) {
            find(machineId).status = status;
        }
    }

    /** Removes one machine, as if it was deleted at Quiva; returns whether it existed. */
    public boolean removeMachine(String machineId) {
        synchronized (lock) {
            return machines.removeIf(m -> m.id.equals(machineId));
        }
    }

    /** Snapshot of all machines in listing order. */
    public List<MachineView> machines() {
        synchronized (lock) {
            return machines.stream()
                    .map(m -> new MachineView(m.id, m.status, m.runtime, m.namespace, m.service))
                    .toList();
        }
    }

    /** Issues a token pair directly, as the API-key exchange would; for tests that skip the HTTP exchange. */
    public String issueAuthToken() {
        return issue().authToken();
    }

    @Override
    protected boolean requiresAuth(SimRequest request) {
        return !request.path().startsWith("/accounts/");
    }

    @Override
    protected boolean isAuthorized(SimRequest request) {
        if (super.isAuthorized(request)) {
            return true;
        }
        Optional<String> presented = bearer(request);
        if (presented.isEmpty()) {
            return false;
        }
        Issued issued;
        synchronized (lock) {
            issued = byAuthToken.get(presented.get());
        }
        if (issued == null) {
            return false;
        }
        if (!now().isBefore(issued.expiresAt())) {
            throw new SimulatorException(401, "unauthenticated",
                    "auth token expired; get a new one with POST /accounts/refresh-token");
        }
        return true;
    }

    @Override
    protected byte[] errorBody(SimulatorException error) {
        ObjectNode body = object();
        body.put("error", error.getMessage());
        return write(body);
    }

    @Override
    protected SimResponse route(SimRequest request) {
        String path = request.path();
        switch (path) {
            case "/compute/machines" -> {
                requireMethod(request, "GET");
                return listMachines(request);
            }
            case "/accounts/auth-with-api-key" -> {
                requireMethod(request, "POST");
                return exchangeApiKey(request);
            }
            case "/accounts/refresh-token" -> {
                requireMethod(request, "POST");
                return refresh(request);
            }
            default -> throw SimulatorException.notFound("Not found: " + path);
        }
    }

    private static void requireMethod(SimRequest request, String method) {
        if (!request.method().equals(method)) {
            throw new SimulatorException(405, "method_not_allowed",
                    "Method not allowed: use " + method + " " + request.path());
        }
    }

    private SimResponse listMachines(SimRequest request) {
        String status = request.param("status").orElse("*");
        if (!status.equals("*") && !STATUSES.contains(status)) {
            throw SimulatorException.badRequest("Invalid request parameters");
        }
        Optional<String> machine = request.param("machine");
        Optional<String> namespace = request.param("namespace");
        Optional<String> runtime = request.param("runtime");
        Optional<String> service = request.param("service");
        Optional<Faults.Kind> shape = faults().takeListShapeFault(request.path());
        ArrayNode results = JSON.createArrayNode();
        int total;
        synchronized (lock) {
            List<Machine> matching = machines.stream()
                    .filter(m -> status.equals("*") || m.status.equals(status))
                    .filter(m -> machine.map(m.id::equals).orElse(true))
                    .filter(m -> namespace.map(m.namespace::equals).orElse(true))
                    .filter(m -> runtime.map(m.runtime::equals).orElse(true))
                    .filter(m -> service.map(m.service::equals).orElse(true))
                    .toList();
            total = matching.size();
            List<Machine> shown = matching;
            if (shape.orElse(null) == Faults.Kind.EMPTY_LIST) {
                shown = List.of();
                total = 0;
            } else if (shape.orElse(null) == Faults.Kind.SHORT_PAGE) {
                shown = matching.subList(0, matching.size() / 2);
            }
            shown.forEach(m -> results.add(render(m)));
        }
        ObjectNode inner = object();
        inner.set("results", results);
        inner.put("results_total", total);
        ObjectNode body = object();
        body.set("body", inner);
        return SimResponse.jsonList(200, write(body));
    }

    private SimResponse exchangeApiKey(SimRequest request) {
        JsonNode body = readBody(request);
        String apiKey = body.path("api_key").asText("");
        if (apiKey.isEmpty()) {
            throw SimulatorException.badRequest("Invalid request parameters: api_key is required");
        }
        if (!apiKeys.contains(apiKey)) {
            throw new SimulatorException(401, "unauthenticated", "Invalid API key");
        }
        return tokenResponse(issue());
    }

    private SimResponse refresh(SimRequest request) {
        JsonNode body = readBody(request);
        String authToken = body.path("auth_token").asText("");
        String refreshToken = body.path("refresh_token").asText("");
        if (authToken.isEmpty() || refreshToken.isEmpty()) {
            throw SimulatorException.badRequest(
                    "Invalid request parameters: auth_token and refresh_token are required");
        }
        synchronized (lock) {
            Issued old = byRefreshToken.get(refreshToken);
            if (old == null || !old.authToken().equals(authToken)) {
                throw new SimulatorException(401, "unauthenticated", "Invalid or already used refresh token");
            }
            // Refresh tokens are single use: a second refresh with the same one must fail.
            byRefreshToken.remove(refreshToken);
        }
        return tokenResponse(issue());
    }

    private Issued issue() {
        Instant issuedAt = now();
        Instant expiresAt = issuedAt.plus(tokenLifetime);
        byte[] signature = new byte[32];
        TOKEN_RANDOM.nextBytes(signature);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(String.format(Locale.ROOT,
                "{\"sub\":\"%s\",\"iat\":%d,\"exp\":%d}", ACCOUNT, issuedAt.getEpochSecond(),
                expiresAt.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
        String authToken = header + "." + payload + "." + b64.encodeToString(signature);
        byte[] refreshBytes = new byte[32];
        TOKEN_RANDOM.nextBytes(refreshBytes);
        Issued issued = new Issued(authToken, b64.encodeToString(refreshBytes), expiresAt);
        synchronized (lock) {
            byAuthToken.put(issued.authToken(), issued);
            byRefreshToken.put(issued.refreshToken(), issued);
        }
        return issued;
    }

    private static SimResponse tokenResponse(Issued issued) {
        ObjectNode data = object();
        data.put("auth_token", issued.authToken());
        data.put("refresh_token", issued.refreshToken());
        data.put("passkey_enabled", false);
        data.put("totp_enabled", false);
        ObjectNode body = object();
        body.set("data", data);
        return SimResponse.json(200, write(body));
    }

    private Machine find(String machineId) {
        return machines.stream().filter(m -> m.id.equals(machineId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Quiva machine with id " + machineId));
    }

    @Override
    protected void regenerate() {
        Random random = new Random(seed());
        walk = new Random(seed() * 31 + 7);
        machines.clear();
        Instant base = Instant.parse("2025-07-07T12:19:37.195049286Z");
        for (int i = 0; i < machineCount; i++) {
            Machine m = new Machine();
            m.id = switch (i) {
                case 0 -> DOC_MACHINE_ID;
                case 1 -> CASE_TWIN_MACHINE_ID;
                default -> SeededIds.base62(random, 22);
            };
            m.pid = 1000 + random.nextInt(120_000);
            m.status = STATUSES.get(random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(2));
            m.runtime = RUNTIMES.get(random.nextInt(RUNTIMES.size()));
            m.runtimeVersion = Integer.toString(4000 + random.nextInt(500));
            m.memoryMb = MEMORY_MB[random.nextInt(MEMORY_MB.length)];
            m.created = base.plusSeconds(random.nextInt(30 * 24 * 3600)).plusNanos(random.nextInt(1_000_000_000));
            m.namespace = Long.toString(1_753_000_000L + random.nextInt(1_000_000));
            m.service = Integer.toString(100_000_000 + random.nextInt(20_000_000));
            m.serviceVersion = Integer.toString(5000 + random.nextInt(500));
            m.node = NODES.get(random.nextInt(NODES.size()));
            m.cpu = Long.toString(824_000_000_000L + random.nextInt(1_000_000_000));
            m.cpuUsage = 100_000_000L + random.nextInt(900_000_000);
            m.memoryUsage = 10_000_000L + random.nextInt(50_000_000);
            machines.add(m);
        }
    }

    private static ObjectNode render(Machine m) {
        ObjectNode node = object();
        node.put("hydra_machine_version", "0.0.1");
        node.put("id", m.id);
        node.put("pid", m.pid);
        node.put("status", m.status);
        node.put("runtime", m.runtime);
        node.put("runtime_version", m.runtimeVersion);
        node.put("memory", m.memoryMb + ".00 MB");
        node.put("rootfs", "/home/compute/machines/" + ACCOUNT + "/" + m.id + "/rootfs");
        // Instant.toString drops trailing zeros; Quiva always prints nine fractional digits.
        node.put("created", String.format(Locale.ROOT, "%sT%s.%09dZ",
                m.created.toString().substring(0, 10), m.created.toString().substring(11, 19),
                m.created.getNano()));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("account", ACCOUNT);
        annotations.put("bundle", "/home/compute");
        annotations.put("cpu", m.cpu);
        annotations.put("hydra.node", m.node);
        annotations.put("machine", m.id);
        annotations.put("mem", m.memoryMb + "MB");
        annotations.put("namespace", m.namespace);
        annotations.put("runtime.version", m.runtimeVersion);
        annotations.put("service", m.service);
        // Reproduces the provider's leaked Go format verb on purpose.
        annotations.put("service.auto", "%strue");
        annotations.put("service.handler", "/main.main");
        annotations.put("service.version", m.serviceVersion);
        ObjectNode annotationNode = node.putObject("annotations");
        annotations.forEach(annotationNode::put);
        node.put("owner", ACCOUNT);
        ObjectNode stats = STATS_TEMPLATE.deepCopy();
        ObjectNode cgroup = (ObjectNode) stats.get("CgroupStats");
        ((ObjectNode) cgroup.at("/cpu_stats/cpu_usage")).put("total_usage", m.cpuUsage);
        ((ObjectNode) cgroup.at("/memory_stats/usage")).put("usage", m.memoryUsage)
                .put("limit", m.memoryMb * 1024L * 1024L);
        ((ObjectNode) stats.withArray("Interfaces").get(0)).put("RxBytes", m.cpuUsage / 1000);
        node.set("stats", stats);
        node.put("type", "Compute Function");
        return node;
    }

    private static ObjectNode loadStatsTemplate() {
        try (InputStream in = QuivaSimulator.class.getResourceAsStream("quiva-machine-stats.json")) {
            if (in == null) {
                throw new IllegalStateException("missing resource quiva-machine-stats.json next to QuivaSimulator");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read quiva-machine-stats.json", e);
        }
    }
}
