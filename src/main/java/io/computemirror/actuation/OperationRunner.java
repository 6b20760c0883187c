package io.computemirror.actuation;

import java.util.Optional;

import io.computemirror.actuation.ActuationRules.Act;
import io.computemirror.actuation.ActuationRules.Done;
import io.computemirror.actuation.ActuationRules.Next;
import io.computemirror.actuation.ActuationRules.Wait;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.OperationLifecycle;
import io.computemirror.provider.OperationObservation;
import io.computemirror.provider.OperationState;
import io.computemirror.provider.ProviderException;

/**
 * The provider side of one suspend or resume, as plain calls on a {@link OperationLifecycle}: read the machine for a
 * fresh etag, decide ({@link ActuationRules#next}), POST with {@code if-match} and the idempotency key, read again and
 * send again on a stale etag; later, one short check of the operation it started. No Kubernetes types: recording the
 * operation and choosing when to look again is the reconciler's job, so this protocol is unit-tested against an
 * in-memory lifecycle ({@code OperationRunnerTest}).
 */
final class OperationRunner {

    /** Attempts at a POST whose etag went stale between our read and the request. */
    static final int ETAG_ATTEMPTS = 3;

    /** How a {@link #start} ended. */
    sealed interface Start {}

    /** The provider accepted the request, or returned the operation an earlier request with the same key started. */
    record Started(OperationObservation operation) implements Start {}

    /** The machine is already in the desired state; nothing was sent. */
    record AlreadyThere(MachineObservation machine) implements Start {}

    /** The machine is in a state the action cannot start from (yet); nothing was sent. */
    record NotYet(String why, MachineObservation machine) implements Start {}

    /** A 409 about the machine's state (not a stale etag): someone else's operation runs; look again shortly. */
    record Busy(String why) implements Start {}

    /** The provider refused the request itself (400, 403, 404, ...): a failed action, not retried. */
    record Refused(String message) implements Start {}

    /** The provider could not be reached or gave a retryable error; nothing is known to have changed. */
    record Unavailable(String what, ProviderException cause) implements Start, Check {}

    /** How a {@link #check} of a started operation ended. */
    sealed interface Check {}

    /** Not finished yet. */
    record Running(OperationObservation operation) implements Check {}

    /**
     * Finished, or gone at the provider (then FAILED).
     *
     * @param message the provider's reason for a failed or cancelled operation, null for a succeeded one
     */
    record Ended(OperationState state, String message) implements Check {}

    private final OperationLifecycle lifecycle;

    OperationRunner(OperationLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Reads the machine and, when the action applies, sends it: at most {@value #ETAG_ATTEMPTS} POSTs, one key. */
    Start start(String machineId, Action action, String idempotencyKey) {
        for (int attempt = 1; ; attempt++) {
            MachineObservation observed;
            try {
                observed = lifecycle.getMachine(machineId);
            } catch (ProviderException e) {
                return new Unavailable("reading machine " + machineId, e);
            }
            Next next = ActuationRules.next(action, observed.state());
            if (next instanceof Done) {
                return new AlreadyThere(observed);
            }
            if (next instanceof Wait wait) {
                return new NotYet(wait.why(), observed);
            }
            try {
                return new Started(
                        ((Act) next).action() == Action.Suspend
                                ? lifecycle.suspend(machineId, observed.etag(), idempotencyKey)
                                : lifecycle.resume(machineId, observed.etag(), idempotencyKey));
            } catch (ProviderException e) {
                if (isStaleEtag(e) && attempt < ETAG_ATTEMPTS) {
                    continue;
                }
                if (e.kind() == ProviderException.Kind.CONFLICT) {
                    return new Busy(e.getMessage());
                }
                if (e.isRetryable()) {
                    return new Unavailable(action.name().toLowerCase() + " of " + machineId, e);
                }
                return new Refused(
                        "the provider refused the " + action.name().toLowerCase() + " request: " + e.getMessage());
            }
        }
    }

    /** One short look at a started operation; no thread waits for it to finish. */
    Check check(String operationId) {
        OperationObservation observed;
        try {
            observed = lifecycle.getOperation(operationId);
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.NOT_FOUND) {
                return new Ended(
                        OperationState.FAILED, "operation " + operationId + " no longer exists at the provider");
            }
            return new Unavailable("reading operation " + operationId, e);
        }
        if (!observed.done()) {
            return new Running(observed);
        }
        OperationState state =
                observed.state() == OperationState.SUCCEEDED || observed.state() == OperationState.CANCELLED
                        ? observed.state()
                        : OperationState.FAILED;
        String message = state == OperationState.SUCCEEDED
                ? null
                : observed.errorMessage() != null
                        ? observed.errorMessage()
                        : "the provider reports state " + observed.providerState();
        return new Ended(state, message);
    }

    /** The machine as it is now, or empty when it could not be read (the next poll brings it). */
    Optional<MachineObservation> read(String machineId) {
        try {
            return Optional.of(lifecycle.getMachine(machineId));
        } catch (ProviderException e) {
            return Optional.empty();
        }
    }

    /** Akua answers a stale {@code if-match} with 409 ABORTED; a 409 FAILED_PRECONDITION is about the state instead. */
    static boolean isStaleEtag(ProviderException e) {
        if (e.kind() != ProviderException.Kind.CONFLICT) {
            return false;
        }
        String status = e.details().getOrDefault("status", "");
        return status.equalsIgnoreCase("ABORTED")
                || e.providerCode().map("aborted"::equalsIgnoreCase).orElse(false)
                || e.details().containsKey("current_etag");
    }
}
