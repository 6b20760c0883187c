package io.computemirror.sandbox;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Mutable state of one Akua operation; guarded by the simulator lock. */
final class AkuaOperation {
    String id;
    String machineId;
    AkuaSimulator.Action action;
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
    /** The outcome a fault forced (FAILED or CANCELLED), or null for the normal one. */
    Faults.Rule outcome;

    final CompletableFuture<Void> finished = new CompletableFuture<>();

    boolean running() {
        return state.equals("RUNNING");
    }

    AkuaSimulator.OperationView view() {
        return new AkuaSimulator.OperationView(
                id, machineId, action.type(), state, !running(), errorMessage, idempotencyKey, started, ended);
    }
}
