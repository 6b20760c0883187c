package io.computemirror.provider;

import java.time.Duration;

/**
 * Suspend and resume of machines that support it (Akua), with the long-running operations they start.
 * Writes need the machine's current etag ({@code if-match}) and an idempotency key (1..64 characters): sending
 * the same key again returns the same operation instead of starting a second one.
 */
public interface MachineLifecycle extends ProviderClient {

    /** The machine with its current etag; {@link ProviderException.Kind#NOT_FOUND} when it does not exist. */
    MachineObservation getMachine(String machineId);

    /** Starts suspending; {@link ProviderException.Kind#CONFLICT} when the etag is stale (re-read and retry). */
    OperationObservation suspend(String machineId, String etag, String idempotencyKey);

    /** Starts resuming; {@link ProviderException.Kind#CONFLICT} when the etag is stale (re-read and retry). */
    OperationObservation resume(String machineId, String etag, String idempotencyKey);

    /** The operation as it is now. */
    OperationObservation getOperation(String operationId);

    /**
     * Waits server-side up to {@code timeout} (clamped to 1..60 s) for the operation to finish and returns it,
     * finished or not (check {@link OperationObservation#done()}).
     */
    OperationObservation waitOperation(String operationId, Duration timeout);
}
