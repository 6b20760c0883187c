package io.computemirror.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Simulator of the Quiva API ({@code https://api.quiva.ai}): {@code GET /compute/machines} plus the credential
 * endpoints of {@link QuivaTokens}; machines render through {@link QuivaJson}.
 *
 * <p>Decisions where the docs are silent: {@code results_total} counts machines after filtering; no {@code status}
 * filter (or {@code *}) lists every status; an unknown status value answers 400. The static {@link #token()} is
 * always accepted as well as issued auth tokens. List faults: a short page lists half of the machines with the real
 * {@code results_total}; an empty list claims 0; a duplicate id lists the first machine again at the end; a wrong
 * total adds {@code delta} to {@code results_total}.
 *
 * <p>Run-time state changes ({@code POST /_sandbox/state}): {@code {"action":"set_status","machine_id":...,
 * "status":"paused"}}, {@code {"action":"remove","machine_id":...}} and {@code {"action":"advance"}}.
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

    /** Read-only view of a machine for tests. */
    public record MachineView(String id, String status, String runtime, String namespace, String service) {}

    /** The list (and operation) faults this simulator applies besides the common ones. */
    private static final Set<Faults.Kind> OWN_FAULTS = EnumSet.of(
            Faults.Kind.SHORT_PAGE, Faults.Kind.EMPTY_LIST, Faults.Kind.DUPLICATE_ID, Faults.Kind.WRONG_TOTAL);

    private final List<QuivaMachine> machines = new ArrayList<>();
    private final QuivaTokens tokens = new QuivaTokens(lock, this::now);
    private int machineCount = 12;
    private Random walk;

    /** A stopped simulator with 12 machines from seed 1, token {@link #DEFAULT_TOKEN}, key {@link #DEFAULT_API_KEY}. */
    public QuivaSimulator() {
        super("Quiva", DEFAULT_TOKEN, OWN_FAULTS);
        tokens.addApiKey(DEFAULT_API_KEY);
        regenerate();
    }

    /** Regenerates {@code count} machines (the first two are the documentation id and its case twin). */
    public QuivaSimulator withMachines(int count) {
        return regenerateAfter(() -> machineCount = count);
    }

    /** Adds an API key that the exchange endpoint accepts. */
    public QuivaSimulator withApiKey(String apiKey) {
        tokens.addApiKey(apiKey);
        return this;
    }

    /** Sets how long issued auth tokens stay valid. */
    public QuivaSimulator withTokenLifetime(Duration lifetime) {
        tokens.lifetime(lifetime);
        return this;
    }

    /**
     * One step of the seeded random walk: each machine changes status with probability 1/5 (running → paused or
     * stopped, paused or stopped → running) and its usage counters grow. Returns how many statuses changed.
     */
    public int advance() {
        synchronized (lock) {
            int changed = 0;
            for (QuivaMachine m : machines) {
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
            machines.stream()
                    .filter(m -> m.id.equals(machineId))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no Quiva machine with id " + machineId))
                    .status = status;
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
            return machines.stream().map(QuivaMachine::view).toList();
        }
    }

    /** Issues a token pair directly, as the API-key exchange would; for tests that skip the HTTP exchange. */
    public String issueAuthToken() {
        return tokens.issue().authToken();
    }

    @Override
    protected boolean requiresAuth(SimRequest request) {
        return !request.path().startsWith("/accounts/");
    }

    @Override
    protected boolean isAuthorized(SimRequest request) {
        return super.isAuthorized(request)
                || bearer(request).map(tokens::accepts).orElse(false);
    }

    @Override
    protected SimResponse route(SimRequest request) {
        String path = request.path();
        switch (path) {
            case "/compute/machines" -> {
                request.requireMethod("GET");
                return listMachines(request);
            }
            case "/accounts/auth-with-api-key" -> {
                request.requireMethod("POST");
                return tokens.exchangeApiKey(request);
            }
            case "/accounts/refresh-token" -> {
                request.requireMethod("POST");
                return tokens.refresh(request);
            }
            default -> throw SimulatorException.notFound("Not found: " + path);
        }
    }

    @Override
    protected JsonNode stateCommand(AdminCommand command) {
        ObjectNode result = SimJson.object().put("action", command.action());
        switch (command.action()) {
            case "set_status" -> setStatus(command.text("machine_id"), command.text("status"));
            case "remove" -> {
                if (!removeMachine(command.text("machine_id"))) {
                    throw SimulatorException.notFound("no Quiva machine with id " + command.text("machine_id"));
                }
            }
            case "advance" -> result.put("status_changed", advance());
            default -> throw command.unknown("set_status, remove, advance");
        }
        return result;
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
        Faults.Rule fault = faults().takeListFault(request.path()).orElse(null);
        ArrayNode results = SimJson.array();
        int total;
        synchronized (lock) {
            List<QuivaMachine> matching = machines.stream()
                    .filter(m -> status.equals("*") || m.status.equals(status))
                    .filter(m -> machine.map(m.id::equals).orElse(true))
                    .filter(m -> namespace.map(m.namespace::equals).orElse(true))
                    .filter(m -> runtime.map(m.runtime::equals).orElse(true))
                    .filter(m -> service.map(m.service::equals).orElse(true))
                    .toList();
            total = PageFaults.total(fault, matching.size());
            List<QuivaMachine> shown = new ArrayList<>(PageFaults.items(fault, matching));
            if (PageFaults.is(fault, Faults.Kind.DUPLICATE_ID) && !shown.isEmpty()) {
                shown.add(shown.get(0));
            }
            shown.forEach(m -> results.add(QuivaJson.machine(m)));
        }
        ObjectNode inner = SimJson.wrap("results", results);
        inner.put("results_total", total);
        return SimResponse.jsonList(200, SimJson.write(SimJson.wrap("body", inner)));
    }

    @Override
    protected void regenerate() {
        Random random = new Random(seed());
        walk = new Random(seed() * 31 + 7);
        machines.clear();
        for (int i = 0; i < machineCount; i++) {
            String id =
                    switch (i) {
                        case 0 -> DOC_MACHINE_ID;
                        case 1 -> CASE_TWIN_MACHINE_ID;
                        default -> SeededIds.base62(random, 22);
                    };
            machines.add(QuivaMachine.generate(random, id));
        }
    }
}
