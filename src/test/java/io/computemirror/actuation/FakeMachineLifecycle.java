package io.computemirror.actuation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.computemirror.provider.MachineLifecycle;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.MachineState;
import io.computemirror.provider.OperationObservation;
import io.computemirror.provider.OperationState;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderException;

/**
 * An in-memory {@link MachineLifecycle} with the rules the Akua API documents (../shared/providers/API-FACTS.md):
 * every write needs the current etag (else 409 ABORTED with {@code current_etag}), a key sent again returns the
 * operation it started, a machine in the wrong state is refused with 409 FAILED_PRECONDITION, an unknown id is 404.
 * Operations finish only when a test says so ({@link #finish}); faults are scripted per test.
 */
final class FakeMachineLifecycle implements MachineLifecycle {

    /** One request the fake received. */
    record Request(String call, String machineId, String etag, String key, String answer) {}

    private final Map<String, MachineState> states = new HashMap<>();
    private final Map<String, Integer> versions = new HashMap<>();
    private final Map<String, OperationObservation> operations = new HashMap<>();
    private final Map<String, String> operationByKey = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private int staleWrites;
    private ProviderException nextWriteFailure;
    private ProviderException nextReadFailure;

    FakeMachineLifecycle machine(String id, MachineState state) {
        states.put(id, state);
        versions.put(id, 1);
        return this;
    }

    /** The next {@code n} writes find the etag changed by someone else just before them. */
    FakeMachineLifecycle staleEtagOnNextWrites(int n) {
        staleWrites = n;
        return this;
    }

    FakeMachineLifecycle failNextWrite(ProviderException e) {
        nextWriteFailure = e;
        return this;
    }

    FakeMachineLifecycle failNextRead(ProviderException e) {
        nextReadFailure = e;
        return this;
    }

    /** Ends a running operation in {@code state} (SUCCEEDED moves the machine to the target state). */
    void finish(String operationId, OperationState state, String error) {
        OperationObservation op = operations.get(operationId);
        boolean suspend = op.action().equals("machine.suspend");
        if (state == OperationState.SUCCEEDED) {
            set(op.machineId(), suspend ? MachineState.SUSPENDED : MachineState.RUNNING);
        } else {
            set(op.machineId(), suspend ? MachineState.RUNNING : MachineState.SUSPENDED);
        }
        operations.put(
                operationId,
                new OperationObservation(
                        op.id(),
                        op.action(),
                        state,
                        state.name(),
                        true,
                        error,
                        op.machineId(),
                        null,
                        op.startedAt(),
                        Instant.now()));
    }

    void forgetOperation(String operationId) {
        operations.remove(operationId);
    }

    MachineState state(String id) {
        return states.get(id);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> writes() {
        return requests.stream()
                .filter(r -> r.call().equals("suspend") || r.call().equals("resume"))
                .toList();
    }

    int operationCount() {
        return operations.size();
    }

    @Override
    public MachineObservation getMachine(String machineId) {
        requests.add(new Request("getMachine", machineId, null, null, null));
        if (nextReadFailure != null) {
            ProviderException e = nextReadFailure;
            nextReadFailure = null;
            throw e;
        }
        MachineState state = states.get(machineId);
        if (state == null) {
            throw error(
                    ProviderException.Kind.NOT_FOUND,
                    404,
                    "not_found",
                    "machine " + machineId + " not found",
                    Map.of());
        }
        return new MachineObservation(
                machineId,
                machineId,
                state,
                state.name(),
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                etag(machineId),
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Override
    public OperationObservation suspend(String machineId, String etag, String idempotencyKey) {
        return write("suspend", machineId, etag, idempotencyKey, MachineState.RUNNING, MachineState.SUSPENDING);
    }

    @Override
    public OperationObservation resume(String machineId, String etag, String idempotencyKey) {
        return write("resume", machineId, etag, idempotencyKey, MachineState.SUSPENDED, MachineState.RESUMING);
    }

    @Override
    public OperationObservation getOperation(String operationId) {
        requests.add(new Request("getOperation", null, null, null, operationId));
        OperationObservation op = operations.get(operationId);
        if (op == null) {
            throw error(ProviderException.Kind.NOT_FOUND, 404, "not_found", "operation not found", Map.of());
        }
        return op;
    }

    @Override
    public OperationObservation waitOperation(String operationId, Duration timeout) {
        return getOperation(operationId);
    }

    @Override
    public ProviderAccount account() {
        throw new UnsupportedOperationException("not needed by the actuation");
    }

    private OperationObservation write(
            String call, String machineId, String etag, String key, MachineState from, MachineState towards) {
        String existing = operationByKey.get(key);
        if (existing != null) {
            requests.add(new Request(call, machineId, etag, key, existing));
            return operations.get(existing);
        }
        if (staleWrites > 0) {
            staleWrites--;
            versions.merge(machineId, 1, Integer::sum);
        }
        if (nextWriteFailure != null) {
            ProviderException e = nextWriteFailure;
            nextWriteFailure = null;
            requests.add(new Request(call, machineId, etag, key, e.kind().name()));
            throw e;
        }
        if (!etag(machineId).equals(etag)) {
            requests.add(new Request(call, machineId, etag, key, "409 ABORTED"));
            throw error(
                    ProviderException.Kind.CONFLICT,
                    409,
                    "aborted",
                    "etag mismatch",
                    Map.of("status", "ABORTED", "current_etag", etag(machineId)));
        }
        if (states.get(machineId) != from) {
            requests.add(new Request(call, machineId, etag, key, "409 FAILED_PRECONDITION"));
            throw error(
                    ProviderException.Kind.CONFLICT,
                    409,
                    "failed_precondition",
                    "machine is " + states.get(machineId),
                    Map.of("status", "FAILED_PRECONDITION"));
        }
        String id = "op_" + (operations.size() + 1);
        set(machineId, towards);
        OperationObservation op = new OperationObservation(
                id,
                "machine." + call,
                OperationState.RUNNING,
                "RUNNING",
                false,
                null,
                machineId,
                null,
                Instant.now(),
                null);
        operations.put(id, op);
        operationByKey.put(key, id);
        requests.add(new Request(call, machineId, etag, key, id));
        return op;
    }

    private void set(String machineId, MachineState state) {
        states.put(machineId, state);
        versions.merge(machineId, 1, Integer::sum);
    }

    private String etag(String machineId) {
        return "W/\"" + machineId + "-" + versions.get(machineId) + "\"";
    }

    private static ProviderException error(
            ProviderException.Kind kind, int status, String code, String message, Map<String, String> details) {
        return new ProviderException(kind, "fake", "POST /v1/machines", status, code, message, null, details, null);
    }
}
