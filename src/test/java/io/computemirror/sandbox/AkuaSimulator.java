package io.computemirror.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Simulator of the Akua machines and operations API ({@code https://api.akua.dev/v1}), following the OpenAPI spec:
 * cursor-paged machine list ({@link AkuaListing}), get machine, {@code :suspend} / {@code :resume} returning a 202
 * operation envelope, get operation, {@code :wait} long-poll and {@code :cancel} ({@link AkuaOperations}). The
 * machines live in {@link AkuaFleet}, the JSON shapes in {@link AkuaJson}; this class routes and holds the settings.
 *
 * <p>Run-time state changes ({@code POST /_sandbox/state}): {@code {"action":"set_state","machine_id":...,
 * "state":"SUSPENDED"}} and {@code {"action":"remove","machine_id":...}}.
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
    public record LifecycleRequest(
            Action action,
            String machineId,
            String ifMatch,
            String idempotencyKey,
            Instant time,
            int status,
            String operationId) {}

    /** Read-only view of a machine. */
    public record MachineView(
            String id, String clusterId, String state, String etag, String suspensionId, String publicIp) {}

    /** Read-only view of an operation. */
    public record OperationView(
            String id,
            String machineId,
            String type,
            String state,
            boolean done,
            String errorMessage,
            String idempotencyKey,
            Instant started,
            Instant finished) {}

    /** The list (and operation) faults this simulator applies besides the common ones. */
    private static final Set<Faults.Kind> OWN_FAULTS = EnumSet.of(
            Faults.Kind.SHORT_PAGE,
            Faults.Kind.EMPTY_LIST,
            Faults.Kind.DUPLICATE_ID,
            Faults.Kind.REPEATED_CURSOR,
            Faults.Kind.HAS_MORE_WITHOUT_CURSOR,
            Faults.Kind.OPERATION_FAILED,
            Faults.Kind.OPERATION_CANCELLED);

    private final AkuaFleet fleet = new AkuaFleet(this::now);
    private final AkuaOperations operations = new AkuaOperations(lock, fleet, faults(), this::now);
    private final AkuaListing listing = new AkuaListing(lock, fleet, faults());
    private int machineCount = 10;
    private volatile ErrorShape errorShape = ErrorShape.SPEC;
    private volatile String requiredContext;

    /** A stopped simulator with 10 ACTIVE machines from seed 1 and token {@link #DEFAULT_TOKEN}. */
    public AkuaSimulator() {
        super("Akua", DEFAULT_TOKEN, OWN_FAULTS);
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
        operations.duration(duration);
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
        faults().failOperations(1, message);
        return this;
    }

    /** The next operation created ends CANCELLED with {@code error.message} = {@code message}. */
    public AkuaSimulator cancelNextOperation(String message) {
        faults().cancelOperations(1, message);
        return this;
    }

    /**
     * Another client writes the machine between the next lifecycle request's read and its arrival: the machine gets a
     * new etag just before that request is checked, so a request with the etag read before gets 409 ABORTED.
     */
    public AkuaSimulator concurrentWriteBeforeNextLifecycle(String machineId) {
        synchronized (lock) {
            operations.concurrentWriteBefore(machineId);
        }
        return this;
    }

    /** All machine ids in listing order. */
    public List<String> machineIds() {
        synchronized (lock) {
            return List.copyOf(fleet.byId().keySet());
        }
    }

    /** One machine, if it exists. */
    public Optional<MachineView> machine(String id) {
        synchronized (lock) {
            return Optional.ofNullable(fleet.byId().get(id)).map(AkuaMachine::view);
        }
    }

    /** Forces a machine's state (new etag), e.g. to set up a test; SUSPENDED fills the suspension. */
    public void setState(String id, String state) {
        if (!AkuaFleet.STATES.contains(state)) {
            throw new IllegalArgumentException(
                    "unknown Akua machine state " + state + ", expected one of " + AkuaFleet.STATES);
        }
        synchronized (lock) {
            AkuaMachine m = fleet.byId().get(id);
            if (m == null) {
                throw new IllegalArgumentException("no Akua machine with id " + id);
            }
            fleet.force(m, state);
        }
    }

    /** Sets when a suspended machine's snapshot expires ({@code current_suspension.expires_at}), e.g. to test warnings. */
    public void setSuspensionExpiry(String id, Instant expiresAt) {
        synchronized (lock) {
            AkuaMachine m = fleet.byId().get(id);
            if (m == null || m.suspensionId == null) {
                throw new IllegalArgumentException("no suspended Akua machine with id " + id);
            }
            m.suspensionExpiresAt = expiresAt.getEpochSecond();
            fleet.touch(m);
        }
    }

    /** Removes a machine, as if it was deleted; returns whether it existed. */
    public boolean removeMachine(String id) {
        synchronized (lock) {
            return fleet.byId().remove(id) != null;
        }
    }

    /** Every lifecycle request received, in order. */
    public List<LifecycleRequest> lifecycleRequests() {
        synchronized (lock) {
            return List.copyOf(operations.lifecycleRequests());
        }
    }

    /** Ids of operations created for one idempotency key (a correct client and server give at most one). */
    public List<String> operationsForIdempotencyKey(String key) {
        synchronized (lock) {
            return operations.all().values().stream()
                    .filter(o -> key.equals(o.idempotencyKey))
                    .map(o -> o.id)
                    .toList();
        }
    }

    /** All operations in creation order. */
    public List<OperationView> operations() {
        synchronized (lock) {
            return operations.all().values().stream().map(AkuaOperation::view).toList();
        }
    }

    /** One operation, if it exists. */
    public Optional<OperationView> operation(String id) {
        synchronized (lock) {
            return Optional.ofNullable(operations.all().get(id)).map(AkuaOperation::view);
        }
    }

    @Override
    protected void onStart() {
        operations.start();
    }

    @Override
    protected void onClose() {
        operations.close();
    }

    @Override
    protected void regenerate() {
        fleet.regenerate(seed(), machineCount);
        operations.reset();
    }

    @Override
    protected byte[] errorBody(SimulatorException error) {
        return AkuaJson.error(error, errorShape);
    }

    @Override
    protected JsonNode stateCommand(AdminCommand command) {
        switch (command.action()) {
            case "set_state" -> {
                String id = command.text("machine_id");
                setState(id, command.text("state"));
                MachineView view = machine(id).orElseThrow();
                return SimJson.object()
                        .put("machine_id", id)
                        .put("state", view.state())
                        .put("etag", view.etag());
            }
            case "remove" -> {
                String id = command.text("machine_id");
                if (!removeMachine(id)) {
                    throw SimulatorException.notFound("no Akua machine with id " + id);
                }
                return SimJson.object().put("removed", id);
            }
            default -> throw command.unknown("set_state, remove");
        }
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
            request.requireMethod("GET");
            return listing.list(request);
        }
        if (rest.startsWith("machines/")) {
            return machineRoute(request, rest.substring("machines/".length()));
        }
        if (rest.startsWith("operations/")) {
            return operationRoute(request, rest.substring("operations/".length()));
        }
        throw SimulatorException.notFound("no route " + path);
    }

    private SimResponse machineRoute(SimRequest request, String tail) {
        int colon = tail.indexOf(':');
        if (colon < 0 && !tail.contains("/")) {
            request.requireMethod("GET");
            synchronized (lock) {
                return SimResponse.json(200, SimJson.write(AkuaJson.machine(fleet.require(tail))));
            }
        }
        if (colon <= 0) {
            throw SimulatorException.notFound("no route " + request.path());
        }
        String id = tail.substring(0, colon);
        String verb = tail.substring(colon + 1);
        request.requireMethod("POST");
        Action action =
                switch (verb) {
                    case "suspend" -> Action.SUSPEND;
                    case "resume" -> Action.RESUME;
                    default -> throw SimulatorException.notFound("unknown machine action :" + verb);
                };
        return SimResponse.json(202, operations.lifecycle(request, id, action).body());
    }

    private SimResponse operationRoute(SimRequest request, String tail) {
        int colon = tail.indexOf(':');
        if (colon < 0) {
            request.requireMethod("GET");
            return operationResponse(200, operations.require(tail));
        }
        String id = tail.substring(0, colon);
        String verb = tail.substring(colon + 1);
        request.requireMethod("POST");
        return switch (verb) {
            case "wait" -> {
                int timeout = request.intParam("timeout", 30);
                if (timeout < 1 || timeout > MAX_WAIT_SECONDS) {
                    throw SimulatorException.badRequest("timeout must be within 1..60 seconds, was " + timeout);
                }
                yield operationResponse(200, operations.waitFor(id, timeout));
            }
            case "cancel" -> operationResponse(202, operations.cancel(id));
            default -> throw SimulatorException.notFound("unknown operation action :" + verb);
        };
    }

    private SimResponse operationResponse(int status, AkuaOperation op) {
        synchronized (lock) {
            return SimResponse.json(status, AkuaJson.operation(op, false));
        }
    }

    private void checkContext(SimRequest request) {
        Optional<String> context = request.header("akua-context");
        if (context.isPresent() && (context.get().isEmpty() || context.get().length() > 53)) {
            throw SimulatorException.badRequest("akua-context must be 1..53 characters (a ws_… id)");
        }
        String required = requiredContext;
        if (required != null && !context.map(required::equals).orElse(false)) {
            throw new SimulatorException(
                    403,
                    "permission_denied",
                    "header akua-context must name workspace " + required + ", got " + context.orElse("no header"));
        }
    }
}
