package io.computemirror.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Simulator of the Akua machines and operations API ({@code https://api.akua.dev/v1}), following the OpenAPI spec:
 * cursor-paged machine list, get machine, {@code :suspend} / {@code :resume} returning a 202 operation envelope,
 * get operation, {@code :wait} long-poll and {@code :cancel}.
 *
 * <p>Decisions where the spec is silent:
 * <ul>
 * <li>Lifecycle checks run in this order: machine exists (404); {@code if-match} and {@code idempotency-key}
 * present (400); body valid (400); a known idempotency key for the same machine and action answers 202 with the
 * existing operation whatever the etag or state now is (the same key for another machine, action or reason answers
 * 409); stale {@code if-match} answers 409 with metadata {@code status=ABORTED}, {@code current_etag} and
 * {@code etag} holding the current etag; wrong state answers 409 with {@code status=FAILED_PRECONDITION} and
 * {@code state} (suspend needs ACTIVE, so SUSPENDING or SUSPENDED gets 409; resume needs SUSPENDED, so ACTIVE or
 * RESUMING gets 409).</li>
 * <li>{@code if-match} is compared after dropping a {@code W/} prefix and surrounding quotes.</li>
 * <li>Etags are decimal strings from one counter, so every change gives a new, never reused etag.</li>
 * <li>Machines are listed sorted by id; the cursor is opaque (base64 of the last id served).</li>
 * <li>Operation ids without the {@code op_} prefix are accepted, as the spec allows during its transition.</li>
 * <li>A suspended machine of identity kind {@code recyclable} has {@code public_ip} and {@code node_name} null and
 * gets a new public IP on resume.</li>
 * </ul>
 */
public final class AkuaSimulator extends SimulatorServer<AkuaSimulator> {

    /** Workspace API token accepted by default. */
    public static final String DEFAULT_TOKEN = "sk_akua_sandbox_0123456789abcdef";
    /** Workspace all sample machines belong to. */
    public static final String WORKSPACE_ID = "ws_sandbox0000000001";
    /** Organization of the sample workspace. */
    public static final String ORGANIZATION_ID = "org_sandbox000000001";
    /** Largest {@code :wait} timeout in seconds. */
    public static final int MAX_WAIT_SECONDS = 60;

    private static final Set<String> STATES = Set.of("ACTIVE", "PROVISIONING", "SUSPENDING", "SUSPENDED",
            "RESUMING", "DELETING");
    private static final Map<String, Integer> SPEC_CODES = Map.ofEntries(
            Map.entry("invalid_argument", 1000), Map.entry("unauthenticated", 1001),
            Map.entry("permission_denied", 1003), Map.entry("not_found", 1004),
            Map.entry("method_not_allowed", 1005), Map.entry("failed_precondition", 7002),
            Map.entry("aborted", 7003), Map.entry("unprocessable", 1022), Map.entry("resource_exhausted", 1029),
            Map.entry("internal", 5000), Map.entry("unavailable", 5003));

    /** Error body shapes: the spec's {@code ApiErrorResponse} or the docs page's {@code {"error":{...}}}. */
    public enum ErrorShape {
        /** {@code {"success":false,"errors":[{"code":int,"message",...,"metadata"}],"result":{}}}. */
        SPEC,
        /** {@code {"error":{"code":"not_found","message":...,"metadata":{...}}}}. */
        DOCS
    }

    /** Machine lifecycle action. */
    public enum Action {
        /** {@code POST /machines/{id}:suspend}. */
        SUSPEND,
        /** {@code POST /machines/{id}:resume}. */
        RESUME;

        String type() {
            return "machine." + name().toLowerCase(Locale.ROOT);
        }
    }

    /** One lifecycle request as received, for assertions; {@code operationId} is null when none was returned. */
    public record LifecycleRequest(Action action, String machineId, String ifMatch, String idempotencyKey,
            Instant time, int status, String operationId) {
    }

    /** Read-only view of a machine. */
    public record MachineView(String id, String clusterId, String state, String etag, String suspensionId,
            String publicIp) {
    }

    /** Read-only view of an operation. */
    public record OperationView(String id, String machineId, String type, String state, boolean done,
            String errorMessage, String idempotencyKey, Instant started, Instant finished) {
    }

    private record Outcome(String state, String message) {
    }

    private static final class Machine {
        String id;
        String clusterId;
        String computeConfigId;
        String providerId;
        String identityKind;
        String publicIp;
        String floatingIp;
        String name;
        String nodeName;
        String state;
        long createdAt;
        long updatedAt;
        String etag;
        String suspensionId;
        long snapshotId;
        int snapshotSizeGb;
        long suspensionExpiresAt;
        int monthlyCostCents;
        String suspensionReason;
    }

    private static final class Operation {
        String id;
        String machineId;
        Action action;
        String reason;
        String idempotencyKey;
        String fingerprint;
        String state = "RUNNING";
        String errorMessage;
        String suspensionId;
        long startedAt;
        Long completedAt;
        /** Exact times (the API's own fields have whole seconds), for tests that check operations never overlap. */
        Instant started;
        Instant ended;
        Outcome outcome;
        final CompletableFuture<Void> finished = new CompletableFuture<>();
    }

    private final TreeMap<String, Machine> machines = new TreeMap<>();
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final Map<String, Operation> byIdempotencyKey = new HashMap<>();
    private final List<LifecycleRequest> lifecycle = new ArrayList<>();
    private final Deque<Outcome> nextOutcomes = new ArrayDeque<>();
    /** Machines whose etag changes just before their next lifecycle request is checked. */
    private final Set<String> concurrentWrites = new HashSet<>();
    private int machineCount = 10;
    private long etagCounter;
    private Random random;
    private volatile Duration operationDuration = Duration.ofSeconds(2);
    private volatile ErrorShape errorShape = ErrorShape.SPEC;
    private volatile String requiredContext;
    private ScheduledExecutorService scheduler;

    /** A stopped simulator with 10 ACTIVE machines from seed 1 and token {@link #DEFAULT_TOKEN}. */
    public AkuaSimulator() {
        super("Akua", DEFAULT_TOKEN);
        regenerate();
    }

    @Override
    public String baseUrl() {
        return rootUrl() + "/v1";
    }


    /** Regenerates {@code count} machines; about one in five starts SUSPENDED, the rest ACTIVE. */
    public AkuaSimulator withMachines(int count) {
        return regenerateAfter(() -> machineCount = count);
    }

    /** How long a suspend or resume operation runs before it settles (default 2 s). */
    public AkuaSimulator withOperationDuration(Duration duration) {
        operationDuration = duration;
        return this;
    }

    /** Which error body shape to answer with (default {@link ErrorShape#SPEC}). */
    public AkuaSimulator withErrorShape(ErrorShape shape) {
        errorShape = shape;
        return this;
    }

    /** Requires header {@code akua-context} to equal {@code workspaceId} (403 otherwise); null turns it off. */
    public AkuaSimulator withRequiredContext(String workspaceId) {
        requiredContext = workspaceId;
        return this;
    }

    /** The next operation created ends FAILED with {@code error.message} = {@code message}. */
    public AkuaSimulator failNextOperation(String message) {
        synchronized (lock) {
            nextOutcomes.add(new Outcome("FAILED", message));
        }
        return this;
    }

    /** The next operation created ends CANCELLED with {@code error.message} = {@code message}. */
    public AkuaSimulator cancelNextOperation(String message) {
        synchronized (lock) {
            nextOutcomes.add(new Outcome("CANCELLED", message));
        }
        return this;
    }

    /**
     * Another client writes the machine between the next lifecycle request's read and its arrival: the machine gets a
     * new etag just before that request is checked, so a request with the etag read before gets 409 ABORTED.
     */
    public AkuaSimulator concurrentWriteBeforeNextLifecycle(String machineId) {
        synchronized (lock) {
            concurrentWrites.add(machineId);
        }
        return this;
    }

    /** All machine ids in listing order. */
    public List<String> machineIds() {
        synchronized (lock) {
            return List.copyOf(machines.keySet());
        }
    }

    /** One machine, if it exists. */
    public Optional<MachineView> machine(String id) {
        synchronized (lock) {
            return Optional.ofNullable(machines.get(id)).map(AkuaSimulator::view);
        }
    }

    /** Forces a machine's state (new etag), e.g. to set up a test; SUSPENDED fills the suspension. */
    public void setState(String id, String state) {
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("unknown Akua machine state " + state + ", expected one of "
                    + STATES);
        }
        synchronized (lock) {
            Machine m = machines.get(id);
            if (m == null) {
                throw new IllegalArgumentException("no Akua machine with id " + id);
            }
            if (state.equals("SUSPENDED")) {
                suspend(m, "manual");
            } else if (state.equals("ACTIVE")) {
                resume(m);
            } else {
                m.state = state;
                touch(m);
            }
        }
    }

    /** Sets when a suspended machine's snapshot expires ({@code current_suspension.expires_at}), e.g. to test warnings. */
    public void setSuspensionExpiry(String id, Instant expiresAt) {
        synchronized (lock) {
            Machine m = machines.get(id);
            if (m == null || m.suspensionId == null) {
                throw new IllegalArgumentException("no suspended Akua machine with id " + id);
            }
            m.suspensionExpiresAt = expiresAt.getEpochSecond();
            touch(m);
        }
    }

    /** Removes a machine, as if it was deleted; returns whether it existed. */
    public boolean removeMachine(String id) {
        synchronized (lock) {
            return machines.remove(id) != null;
        }
    }

    /** Every lifecycle request received, in order. */
    public List<LifecycleRequest> lifecycleRequests() {
        synchronized (lock) {
            return List.copyOf(lifecycle);
        }
    }

    /** Ids of operations created for one idempotency key (a correct client and server give at most one). */
    public List<String> operationsForIdempotencyKey(String key) {
        synchronized (lock) {
            return operations.values().stream().filter(o -> key.equals(o.idempotencyKey)).map(o -> o.id).toList();
        }
    }

    /** All operations in creation order. */
    public List<OperationView> operations() {
        synchronized (lock) {
            return operations.values().stream().map(AkuaSimulator::view).toList();
        }
    }

    /** One operation, if it exists. */
    public Optional<OperationView> operation(String id) {
        synchronized (lock) {
            return Optional.ofNullable(operations.get(id)).map(AkuaSimulator::view);
        }
    }

    @Override
    protected void onStart() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "akua-sim-operations");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    protected void onClose() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        List<Operation> all;
        synchronized (lock) {
            all = List.copyOf(operations.values());
        }
        // Wakes every :wait long-poll so close() does not wait for their timeouts.
        all.forEach(o -> o.finished.complete(null));
    }

    @Override
    protected byte[] errorBody(SimulatorException error) {
        Map<String, String> metadata = new TreeMap<>(error.metadata());
        ObjectNode body = object();
        if (errorShape == ErrorShape.DOCS) {
            ObjectNode inner = body.putObject("error");
            inner.put("code", error.code());
            inner.put("message", error.getMessage());
            if (!metadata.isEmpty()) {
                ObjectNode meta = inner.putObject("metadata");
                metadata.forEach(meta::put);
            }
            return write(body);
        }
        metadata.putIfAbsent("status", error.code().toUpperCase(Locale.ROOT));
        body.put("success", false);
        ObjectNode entry = body.putArray("errors").addObject();
        entry.put("code", SPEC_CODES.getOrDefault(error.code(), 5000));
        entry.put("message", error.getMessage());
        ObjectNode meta = entry.putObject("metadata");
        metadata.forEach(meta::put);
        body.putObject("result");
        return write(body);
    }

    @Override
    protected SimResponse route(SimRequest request) {
        checkContext(request);
        String path = request.path();
        if (!path.startsWith("/v1/")) {
            throw SimulatorException.notFound("no route " + path + "; the API lives under /v1");
        }
        String rest = path.substring(4);
        if (rest.equals("machines")) {
            requireMethod(request, "GET");
            return listMachines(request);
        }
        if (rest.startsWith("machines/")) {
            String tail = rest.substring("machines/".length());
            int colon = tail.indexOf(':');
            if (colon < 0 && !tail.contains("/")) {
                requireMethod(request, "GET");
                return SimResponse.json(200, write(machineJson(requireMachine(tail))));
            }
            if (colon > 0) {
                String id = tail.substring(0, colon);
                String verb = tail.substring(colon + 1);
                requireMethod(request, "POST");
                return switch (verb) {
                    case "suspend" -> lifecycle(request, id, Action.SUSPEND);
                    case "resume" -> lifecycle(request, id, Action.RESUME);
                    default -> throw SimulatorException.notFound("unknown machine action :" + verb);
                };
            }
        }
        if (rest.startsWith("operations/")) {
            String tail = rest.substring("operations/".length());
            int colon = tail.indexOf(':');
            if (colon < 0) {
                requireMethod(request, "GET");
                return SimResponse.json(200, operationJson(requireOperation(tail), false, true));
            }
            String id = tail.substring(0, colon);
            String verb = tail.substring(colon + 1);
            requireMethod(request, "POST");
            return switch (verb) {
                case "wait" -> waitFor(request, id);
                case "cancel" -> cancel(id);
                default -> throw SimulatorException.notFound("unknown operation action :" + verb);
            };
        }
        throw SimulatorException.notFound("no route " + path);
    }

    private void checkContext(SimRequest request) {
        Optional<String> context = request.header("akua-context");
        if (context.isPresent() && (context.get().isEmpty() || context.get().length() > 53)) {
            throw SimulatorException.badRequest("akua-context must be 1..53 characters (a ws_… id)");
        }
        String required = requiredContext;
        if (required != null && !context.map(required::equals).orElse(false)) {
            throw new SimulatorException(403, "permission_denied",
                    "header akua-context must name workspace " + required + ", got "
                            + context.orElse("no header"));
        }
    }

    private static void requireMethod(SimRequest request, String method) {
        if (!request.method().equals(method)) {
            throw new SimulatorException(405, "method_not_allowed",
                    "method not allowed: use " + method + " " + request.path());
        }
    }

    private SimResponse listMachines(SimRequest request) {
        int limit = intParam(request, "limit", 50);
        if (limit < 1 || limit > 100) {
            throw SimulatorException.badRequest("limit must be within 1..100, was " + limit);
        }
        Optional<String> state = request.param("state");
        if (state.isPresent() && !STATES.contains(state.get())) {
            throw SimulatorException.badRequest("state must be one of " + STATES + ", was " + state.get());
        }
        String view = request.param("view").orElse("basic");
        if (!view.equals("basic") && !view.equals("full")) {
            throw SimulatorException.badRequest("view must be basic or full, was " + view);
        }
        Optional<String> clusterId = request.param("cluster_id");
        String after = request.param("cursor").filter(c -> !c.isEmpty()).map(AkuaSimulator::decodeCursor)
                .orElse(null);
        Faults.Kind shape = faults().takeListShapeFault(request.path()).orElse(null);
        ArrayNode data = JSON.createArrayNode();
        boolean hasMore;
        String last = null;
        synchronized (lock) {
            Map<String, Machine> tail = after == null ? machines : machines.tailMap(after, false);
            Iterator<Machine> it = tail.values().stream()
                    .filter(m -> state.map(m.state::equals).orElse(true))
                    .filter(m -> clusterId.map(m.clusterId::equals).orElse(true))
                    .iterator();
            List<Machine> page = new ArrayList<>();
            while (it.hasNext() && page.size() < limit) {
                page.add(it.next());
            }
            hasMore = it.hasNext();
            if (shape == Faults.Kind.EMPTY_LIST) {
                page = List.of();
                hasMore = false;
            } else if (shape == Faults.Kind.SHORT_PAGE && page.size() > 1) {
                // The cursor continues after the last item served, so a client that follows has_more loses nothing.
                page = page.subList(0, page.size() / 2);
                hasMore = true;
            }
            for (Machine m : page) {
                data.add(machineJson(m));
                last = m.id;
            }
        }
        ObjectNode body = object();
        body.set("data", data);
        body.put("has_more", hasMore);
        if (hasMore && last != null) {
            body.put("next_cursor", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("after:" + last).getBytes(StandardCharsets.UTF_8)));
        } else {
            body.putNull("next_cursor");
        }
        return SimResponse.jsonList(200, write(body));
    }

    private static String decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("after:")) {
                return text.substring("after:".length());
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the 400 below: the cursor was not produced by this server.
        }
        throw SimulatorException.badRequest("cursor is not a next_cursor value from this API: " + cursor);
    }

    private static int intParam(SimRequest request, String name, int fallback) {
        String value = request.param(name).orElse("");
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw SimulatorException.badRequest(name + " must be an integer, was '" + value + "'");
        }
    }

    /** A lifecycle answer plus the operation id it carries, for the lifecycle record. */
    private record Started(SimResponse response, String operationId) {
    }

    private SimResponse lifecycle(SimRequest request, String machineId, Action action) {
        String ifMatch = request.header("if-match").orElse(null);
        String key = request.header("idempotency-key").orElse(null);
        int status = -1;
        String operationId = null;
        try {
            Started started = startLifecycle(request, machineId, action, ifMatch, key);
            status = started.response().status();
            operationId = started.operationId();
            return started.response();
        } catch (SimulatorException e) {
            status = e.status();
            throw e;
        } finally {
            synchronized (lock) {
                lifecycle.add(new LifecycleRequest(action, machineId, ifMatch, key, request.receivedAt(), status,
                        operationId));
            }
        }
    }

    private Started startLifecycle(SimRequest request, String machineId, Action action, String ifMatch,
            String key) {
        synchronized (lock) {
            Machine machine = requireMachine(machineId);
            if (ifMatch == null || ifMatch.isEmpty() || ifMatch.length() > 256) {
                throw SimulatorException.badRequest("header if-match is required (the machine's etag, 1..256 "
                        + "characters); read it from GET /machines/" + machineId);
            }
            if (key == null || key.isEmpty() || key.length() > 64) {
                throw SimulatorException.badRequest("header idempotency-key is required (1..64 characters) for "
                        + action.type());
            }
            String reason = validateBody(request, action);
            String fingerprint = action.type() + ":" + machineId + ":" + reason;
            if (concurrentWrites.remove(machineId)) {
                touch(machine);
            }
            Operation existing = byIdempotencyKey.get(key);
            if (existing != null) {
                if (!existing.fingerprint.equals(fingerprint)) {
                    throw new SimulatorException(409, "failed_precondition", "idempotency-key " + key
                            + " was already used for another request (" + existing.fingerprint + ")",
                            Map.of("reason", "IDEMPOTENCY_KEY_REUSED", "operation_id", existing.id));
                }
                return new Started(SimResponse.json(202, operationJson(existing, true, true)), existing.id);
            }
            if (!normalizeEtag(ifMatch).equals(machine.etag)) {
                throw new SimulatorException(409, "aborted", "etag mismatch for machine " + machineId
                        + ": if-match " + ifMatch + " but the current etag is " + machine.etag
                        + "; re-read the machine and retry",
                        Map.of("status", "ABORTED", "current_etag", machine.etag, "etag", machine.etag));
            }
            String needed = action == Action.SUSPEND ? "ACTIVE" : "SUSPENDED";
            if (!machine.state.equals(needed)) {
                throw new SimulatorException(409, "failed_precondition", "machine " + machineId + " is "
                        + machine.state + "; " + action.type() + " needs state " + needed,
                        Map.of("status", "FAILED_PRECONDITION", "state", machine.state));
            }
            Operation op = new Operation();
            op.id = "op_" + SeededIds.lowerAlnum(random, 16);
            op.machineId = machineId;
            op.action = action;
            op.reason = reason;
            op.idempotencyKey = key;
            op.fingerprint = fingerprint;
            op.started = now();
            op.startedAt = op.started.getEpochSecond();
            op.outcome = nextOutcomes.poll();
            operations.put(op.id, op);
            byIdempotencyKey.put(key, op);
            machine.state = action == Action.SUSPEND ? "SUSPENDING" : "RESUMING";
            touch(machine);
            scheduleCompletion(op);
            return new Started(SimResponse.json(202, operationJson(op, true, true)), op.id);
        }
    }

    private String validateBody(SimRequest request, Action action) {
        JsonNode body = readBody(request);
        if (!body.isObject()) {
            throw SimulatorException.badRequest("request body must be a JSON object");
        }
        String reason = "manual";
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (action == Action.SUSPEND && name.equals("reason")) {
                reason = body.get("reason").asText();
                if (!reason.equals("manual") && !reason.equals("downgrade")) {
                    throw SimulatorException.badRequest("reason must be manual or downgrade, was " + reason);
                }
            } else {
                throw SimulatorException.badRequest("unknown property '" + name + "' in " + action.type()
                        + " body (no additional properties allowed)");
            }
        }
        return reason;
    }

    private static String normalizeEtag(String value) {
        String v = value.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }

    private void scheduleCompletion(Operation op) {
        ScheduledExecutorService s = scheduler;
        if (s == null || s.isShutdown()) {
            return;
        }
        s.schedule(() -> settle(op, null), operationDuration.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Moves a running operation to its terminal state; {@code override} forces an outcome (cancel). */
    private void settle(Operation op, Outcome override) {
        synchronized (lock) {
            if (!op.state.equals("RUNNING")) {
                return;
            }
            Outcome outcome = override != null ? override : op.outcome;
            Machine machine = machines.get(op.machineId);
            op.ended = now();
            op.completedAt = op.ended.getEpochSecond();
            if (outcome != null) {
                op.state = outcome.state();
                op.errorMessage = outcome.message();
                if (machine != null) {
                    // A failed or cancelled operation leaves the machine where it started.
                    machine.state = op.action == Action.SUSPEND ? "ACTIVE" : "SUSPENDED";
                    touch(machine);
                }
            } else if (machine == null) {
                op.state = "FAILED";
                op.errorMessage = "machine " + op.machineId + " no longer exists";
            } else {
                op.state = "SUCCEEDED";
                if (op.action == Action.SUSPEND) {
                    suspend(machine, op.reason);
                    op.suspensionId = machine.suspensionId;
                } else {
                    resume(machine);
                }
            }
        }
        op.finished.complete(null);
    }

    private SimResponse waitFor(SimRequest request, String id) {
        int timeout = intParam(request, "timeout", 30);
        if (timeout < 1 || timeout > MAX_WAIT_SECONDS) {
            throw SimulatorException.badRequest("timeout must be within 1..60 seconds, was " + timeout);
        }
        Operation op;
        synchronized (lock) {
            op = requireOperation(id);
        }
        try {
            op.finished.get(timeout, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // Not done within the timeout: the spec says to return the latest envelope anyway.
        } catch (ExecutionException e) {
            throw new IllegalStateException("operation future never fails", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return SimResponse.json(200, operationJson(op, false, true));
    }

    private SimResponse cancel(String id) {
        Operation op;
        synchronized (lock) {
            op = requireOperation(id);
            if (!op.state.equals("RUNNING")) {
                throw new SimulatorException(422, "unprocessable", "operation " + op.id + " is already "
                        + op.state);
            }
        }
        settle(op, new Outcome("CANCELLED", "cancelled by request"));
        return SimResponse.json(202, operationJson(op, false, true));
    }

    private Machine requireMachine(String id) {
        synchronized (lock) {
            Machine m = machines.get(id);
            if (m == null) {
                throw SimulatorException.notFound("machine " + id + " not found");
            }
            return m;
        }
    }

    private Operation requireOperation(String id) {
        synchronized (lock) {
            Operation op = operations.get(id);
            if (op == null && !id.startsWith("op_")) {
                op = operations.get("op_" + id);
            }
            if (op == null) {
                throw SimulatorException.notFound("operation " + id + " not found");
            }
            return op;
        }
    }

    private void touch(Machine m) {
        m.etag = Long.toString(++etagCounter);
        m.updatedAt = Math.max(m.updatedAt, now().getEpochSecond());
    }

    private void suspend(Machine m, String reason) {
        m.state = "SUSPENDED";
        m.suspensionId = "sev_" + SeededIds.lowerAlnum(random, 16);
        m.snapshotId = 10_000_000L + random.nextInt(90_000_000);
        m.snapshotSizeGb = 20 + random.nextInt(200);
        m.suspensionExpiresAt = now().plus(Duration.ofDays(30)).getEpochSecond();
        m.monthlyCostCents = m.snapshotSizeGb * 2;
        m.suspensionReason = reason;
        if (m.identityKind.equals("recyclable") && m.floatingIp == null) {
            m.publicIp = null;
        }
        m.nodeName = null;
        touch(m);
    }

    private void resume(Machine m) {
        m.state = "ACTIVE";
        m.suspensionId = null;
        if (m.publicIp == null) {
            m.publicIp = randomIp();
        }
        m.nodeName = "node-" + m.id.substring(4, 12);
        touch(m);
    }

    private String randomIp() {
        return "203.0." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    @Override
    protected void regenerate() {
        Random generator = new Random(seed());
        random = new Random(seed() * 31 + 13);
        machines.clear();
        operations.clear();
        byIdempotencyKey.clear();
        etagCounter = 0;
        List<String> clusters = List.of("clu_" + SeededIds.lowerAlnum(generator, 16),
                "clu_" + SeededIds.lowerAlnum(generator, 16), "clu_" + SeededIds.lowerAlnum(generator, 16));
        long base = Instant.parse("2026-06-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < machineCount; i++) {
            Machine m = new Machine();
            m.id = "mch_" + SeededIds.lowerAlnum(generator, 16);
            m.clusterId = clusters.get(generator.nextInt(clusters.size()));
            m.computeConfigId = "cc_" + SeededIds.lowerAlnum(generator, 12);
            m.providerId = "compute://hcloud/server-" + (1000 + generator.nextInt(9_000_000));
            m.identityKind = generator.nextInt(3) == 0 ? "persistent" : "recyclable";
            m.publicIp = "203.0." + generator.nextInt(256) + "." + (1 + generator.nextInt(254));
            m.floatingIp = generator.nextInt(4) == 0 ? "198.51.100." + (1 + generator.nextInt(254)) : null;
            m.name = "worker-" + (i + 1);
            m.nodeName = "node-" + m.id.substring(4, 12);
            m.state = "ACTIVE";
            m.createdAt = base + generator.nextInt(86_400 * 30);
            m.updatedAt = m.createdAt;
            m.etag = Long.toString(++etagCounter);
            boolean suspended = generator.nextInt(5) == 0;
            machines.put(m.id, m);
            if (suspended) {
                suspend(m, "manual");
                m.updatedAt = m.createdAt + 3600;
            }
        }
    }

    private static ObjectNode machineJson(Machine m) {
        ObjectNode node = object();
        node.put("id", m.id);
        node.put("workspace_id", WORKSPACE_ID);
        node.put("cluster_id", m.clusterId);
        node.put("compute_config_id", m.computeConfigId);
        node.put("provider_id", m.providerId);
        ObjectNode resource = node.putObject("provider_resource");
        resource.put("identity_kind", m.identityKind);
        resource.put("public_ip", m.publicIp);
        if (m.floatingIp != null) {
            resource.putObject("floating_ip").put("id", "fip_" + m.id.substring(4)).put("ipv4", m.floatingIp);
        }
        node.put("name", m.name);
        node.put("node_name", m.nodeName);
        node.put("state", m.state);
        node.put("reconciling", m.state.equals("SUSPENDING") || m.state.equals("RESUMING"));
        if (m.suspensionId != null) {
            ObjectNode suspension = node.putObject("current_suspension");
            suspension.put("event_id", m.suspensionId);
            suspension.putObject("snapshot_ref").put("provider", "hcloud").put("snapshot_id", m.snapshotId)
                    .put("size_gb", m.snapshotSizeGb);
            suspension.put("expires_at", m.suspensionExpiresAt);
            suspension.put("monthly_cost_cents", m.monthlyCostCents);
            suspension.put("reason", m.suspensionReason);
        }
        node.put("created_at", m.createdAt);
        node.put("updated_at", m.updatedAt);
        node.put("etag", m.etag);
        return node;
    }

    /** {@code machineOperation} adds the {@code operation_id} alias of the 202 lifecycle responses. */
    private byte[] operationJson(Operation op, boolean machineOperation, boolean withSteps) {
        synchronized (lock) {
            ObjectNode node = object();
            node.put("id", op.id);
            node.put("workspace_id", WORKSPACE_ID);
            node.put("organization_id", ORGANIZATION_ID);
            node.put("owner_type", "machine");
            node.put("owner_id", op.machineId);
            node.putNull("parent_operation_id");
            node.put("state", op.state);
            boolean done = !op.state.equals("RUNNING");
            node.put("done", done);
            node.put("html_url", "https://akua.dev/machines/" + op.machineId + "?tab=operations");
            node.putObject("metadata").put("type", op.action.type()).put("workspace_id", WORKSPACE_ID)
                    .put("machine_id", op.machineId).put("request_fingerprint", op.fingerprint);
            if (op.state.equals("SUCCEEDED")) {
                ObjectNode response = node.putObject("response");
                response.put("type", op.action.type()).put("machine_id", op.machineId);
                if (op.action == Action.SUSPEND) {
                    response.put("suspension_id", op.suspensionId);
                }
            } else {
                node.putNull("response");
            }
            String stepName = op.action == Action.SUSPEND ? "Suspend machine" : "Resume machine";
            if (op.errorMessage != null) {
                node.putObject("error").put("message", op.errorMessage);
                node.putObject("last_error").put("message", op.errorMessage).put("step_name", stepName);
            } else {
                node.putNull("error");
                node.putNull("last_error");
            }
            node.put("started_at", op.startedAt);
            if (op.completedAt == null) {
                node.putNull("completed_at");
            } else {
                node.put("completed_at", op.completedAt);
            }
            if (withSteps) {
                ObjectNode step = node.putArray("steps").addObject();
                step.put("name", stepName);
                step.put("status", switch (op.state) {
                    case "RUNNING" -> "running";
                    case "SUCCEEDED" -> "completed";
                    default -> "failed";
                });
                step.put("execution_type", "system");
                step.put("started_at", op.startedAt);
                if (op.completedAt == null) {
                    step.putNull("completed_at");
                } else {
                    step.put("completed_at", op.completedAt);
                }
                if (op.errorMessage == null) {
                    step.putNull("error_message");
                } else {
                    step.put("error_message", op.errorMessage);
                }
                step.put("retryable", false);
                step.put("skippable", false);
            }
            if (machineOperation) {
                node.put("operation_id", op.id);
            }
            return write(node);
        }
    }

    private static MachineView view(Machine m) {
        return new MachineView(m.id, m.clusterId, m.state, m.etag, m.suspensionId, m.publicIp);
    }

    private static OperationView view(Operation op) {
        return new OperationView(op.id, op.machineId, op.action.type(), op.state, !op.state.equals("RUNNING"),
                op.errorMessage, op.idempotencyKey, op.started, op.ended);
    }
}
