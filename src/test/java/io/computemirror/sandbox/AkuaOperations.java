package io.computemirror.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Akua suspend / resume operations: starting one from a lifecycle request (with the checks below), settling it after
 * the operation duration, {@code :wait} and {@code :cancel}.
 *
 * <p>Lifecycle checks run in this order: machine exists (404); {@code if-match} and {@code idempotency-key} present
 * (400); body valid (400); a known idempotency key for the same machine and action answers 202 with the existing
 * operation whatever the etag or state now is (the same key for another machine, action or reason answers 409);
 * stale {@code if-match} answers 409 with metadata {@code status=ABORTED}, {@code current_etag} and {@code etag}
 * holding the current etag; wrong state answers 409 with {@code status=FAILED_PRECONDITION} and {@code state}
 * (suspend needs ACTIVE, resume needs SUSPENDED). {@code if-match} is compared after dropping a {@code W/} prefix and
 * surrounding quotes.
 */
final class AkuaOperations {

    /** A started (or found) operation and its 202 body, rendered while the lock was held (so it shows RUNNING). */
    record Started(AkuaOperation operation, byte[] body) {}

    private final Object lock;
    private final AkuaFleet fleet;
    private final Faults faults;
    private final Supplier<Instant> clock;
    private final Map<String, AkuaOperation> operations = new LinkedHashMap<>();
    private final Map<String, AkuaOperation> byIdempotencyKey = new HashMap<>();
    private final List<AkuaSimulator.LifecycleRequest> lifecycle = new ArrayList<>();
    /** Machines whose etag changes just before their next lifecycle request is checked. */
    private final Set<String> concurrentWrites = new HashSet<>();

    private volatile Duration duration = Duration.ofSeconds(2);
    private ScheduledExecutorService scheduler;

    AkuaOperations(Object lock, AkuaFleet fleet, Faults faults, Supplier<Instant> clock) {
        this.lock = lock;
        this.fleet = fleet;
        this.faults = faults;
        this.clock = clock;
    }

    void duration(Duration newDuration) {
        duration = newDuration;
    }

    void start() {
        scheduler = DaemonThreads.scheduler("akua-sim-operations");
    }

    /** Stops settling and wakes every {@code :wait} long-poll so close() does not wait for their timeouts. */
    void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        List<AkuaOperation> all;
        synchronized (lock) {
            all = List.copyOf(operations.values());
        }
        all.forEach(o -> o.finished.complete(null));
    }

    /** Forgets every operation (the machines were regenerated). Caller holds the lock. */
    void reset() {
        operations.clear();
        byIdempotencyKey.clear();
    }

    Map<String, AkuaOperation> all() {
        return operations;
    }

    List<AkuaSimulator.LifecycleRequest> lifecycleRequests() {
        return lifecycle;
    }

    void concurrentWriteBefore(String machineId) {
        concurrentWrites.add(machineId);
    }

    /** Handles {@code :suspend} / {@code :resume} and records the request whatever its answer. */
    Started lifecycle(SimRequest request, String machineId, AkuaSimulator.Action action) {
        String ifMatch = request.header("if-match").orElse(null);
        String key = request.header("idempotency-key").orElse(null);
        int status = -1;
        String operationId = null;
        try {
            Started started = startLifecycle(request, machineId, action, ifMatch, key);
            status = 202;
            operationId = started.operation().id;
            return started;
        } catch (SimulatorException e) {
            status = e.status();
            throw e;
        } finally {
            synchronized (lock) {
                lifecycle.add(new AkuaSimulator.LifecycleRequest(
                        action, machineId, ifMatch, key, request.receivedAt(), status, operationId));
            }
        }
    }

    private Started startLifecycle(
            SimRequest request, String machineId, AkuaSimulator.Action action, String ifMatch, String key) {
        synchronized (lock) {
            AkuaMachine machine = fleet.require(machineId);
            if (ifMatch == null || ifMatch.isEmpty() || ifMatch.length() > 256) {
                throw SimulatorException.badRequest("header if-match is required (the machine's etag, 1..256 "
                        + "characters); read it from GET /machines/" + machineId);
            }
            if (key == null || key.isEmpty() || key.length() > 64) {
                throw SimulatorException.badRequest(
                        "header idempotency-key is required (1..64 characters) for " + action.type());
            }
            String reason = validateBody(request, action);
            String fingerprint = action.type() + ":" + machineId + ":" + reason;
            if (concurrentWrites.remove(machineId)) {
                fleet.touch(machine);
            }
            AkuaOperation existing = byIdempotencyKey.get(key);
            if (existing != null) {
                if (!existing.fingerprint.equals(fingerprint)) {
                    throw new SimulatorException(
                            409,
                            "failed_precondition",
                            "idempotency-key " + key + " was already used for another request (" + existing.fingerprint
                                    + ")",
                            Map.of("reason", "IDEMPOTENCY_KEY_REUSED", "operation_id", existing.id));
                }
                return new Started(existing, AkuaJson.operation(existing, true));
            }
            if (!normalizeEtag(ifMatch).equals(machine.etag)) {
                throw new SimulatorException(
                        409,
                        "aborted",
                        "etag mismatch for machine " + machineId
                                + ": if-match " + ifMatch + " but the current etag is " + machine.etag
                                + "; re-read the machine and retry",
                        Map.of("status", "ABORTED", "current_etag", machine.etag, "etag", machine.etag));
            }
            String needed = action == AkuaSimulator.Action.SUSPEND ? "ACTIVE" : "SUSPENDED";
            if (!machine.state.equals(needed)) {
                throw new SimulatorException(
                        409,
                        "failed_precondition",
                        "machine " + machineId + " is " + machine.state + "; " + action.type() + " needs state "
                                + needed,
                        Map.of("status", "FAILED_PRECONDITION", "state", machine.state));
            }
            AkuaOperation op = new AkuaOperation();
            op.id = "op_" + SeededIds.lowerAlnum(fleet.random(), 16);
            op.machineId = machineId;
            op.action = action;
            op.reason = reason;
            op.idempotencyKey = key;
            op.fingerprint = fingerprint;
            op.started = clock.get();
            op.startedAt = op.started.getEpochSecond();
            op.outcome = faults.takeOperationOutcome().orElse(null);
            operations.put(op.id, op);
            byIdempotencyKey.put(key, op);
            machine.state = action == AkuaSimulator.Action.SUSPEND ? "SUSPENDING" : "RESUMING";
            fleet.touch(machine);
            scheduleCompletion(op);
            return new Started(op, AkuaJson.operation(op, true));
        }
    }

    private static String validateBody(SimRequest request, AkuaSimulator.Action action) {
        JsonNode body = SimJson.readBody(request);
        if (!body.isObject()) {
            throw SimulatorException.badRequest("request body must be a JSON object");
        }
        String reason = "manual";
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (action == AkuaSimulator.Action.SUSPEND && name.equals("reason")) {
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

    private void scheduleCompletion(AkuaOperation op) {
        ScheduledExecutorService s = scheduler;
        if (s == null || s.isShutdown()) {
            return;
        }
        s.schedule(() -> settle(op, null, null), duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Moves a running operation to its terminal state; a non-null {@code state} forces it (cancel). */
    private void settle(AkuaOperation op, String state, String message) {
        synchronized (lock) {
            if (!op.running()) {
                return;
            }
            if (state == null && op.outcome != null) {
                state = op.outcome.kind() == Faults.Kind.OPERATION_CANCELLED ? "CANCELLED" : "FAILED";
                message = op.outcome.message();
            }
            AkuaMachine machine = fleet.byId().get(op.machineId);
            op.ended = clock.get();
            op.completedAt = op.ended.getEpochSecond();
            if (state != null) {
                op.state = state;
                op.errorMessage = message;
                if (machine != null) {
                    // A failed or cancelled operation leaves the machine where it started.
                    machine.state = op.action == AkuaSimulator.Action.SUSPEND ? "ACTIVE" : "SUSPENDED";
                    fleet.touch(machine);
                }
            } else if (machine == null) {
                op.state = "FAILED";
                op.errorMessage = "machine " + op.machineId + " no longer exists";
            } else {
                op.state = "SUCCEEDED";
                if (op.action == AkuaSimulator.Action.SUSPEND) {
                    fleet.suspend(machine, op.reason);
                    op.suspensionId = machine.suspensionId;
                } else {
                    fleet.resume(machine);
                }
            }
        }
        op.finished.complete(null);
    }

    /** {@code :wait}: returns when the operation is done or after {@code timeoutSeconds}, whichever comes first. */
    AkuaOperation waitFor(String id, int timeoutSeconds) {
        AkuaOperation op;
        synchronized (lock) {
            op = require(id);
        }
        try {
            op.finished.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // Not done within the timeout: the spec says to return the latest envelope anyway.
        } catch (ExecutionException e) {
            throw new IllegalStateException("operation future never fails", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return op;
    }

    /** {@code :cancel}: a running operation ends CANCELLED; a finished one answers 422. */
    AkuaOperation cancel(String id) {
        AkuaOperation op;
        synchronized (lock) {
            op = require(id);
            if (!op.running()) {
                throw new SimulatorException(422, "unprocessable", "operation " + op.id + " is already " + op.state);
            }
        }
        settle(op, "CANCELLED", "cancelled by request");
        return op;
    }

    /** The operation, or 404; ids without the {@code op_} prefix are accepted, as the spec allows. */
    AkuaOperation require(String id) {
        synchronized (lock) {
            AkuaOperation op = operations.get(id);
            if (op == null && !id.startsWith("op_")) {
                op = operations.get("op_" + id);
            }
            if (op == null) {
                throw SimulatorException.notFound("operation " + id + " not found");
            }
            return op;
        }
    }
}
