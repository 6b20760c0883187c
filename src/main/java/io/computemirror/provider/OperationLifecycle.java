package io.computemirror.provider;

/**
 * Suspend and resume of a provider that answers a change with a long-running operation to follow (Akua). Writes need
 * the machine's current etag ({@code if-match}) and an idempotency key (1..64 characters): sending the same key again
 * returns the same operation instead of starting a second one.
 */
public interface OperationLifecycle extends ProviderClient {

    /** The machine with its current etag; {@link ProviderException.Kind#NOT_FOUND} when it does not exist. */
    MachineObservation getMachine(String machineId);

    /** Starts suspending; {@link ProviderException.Kind#CONFLICT} when the etag is stale (re-read and retry). */
    OperationObservation suspend(String machineId, String etag, String idempotencyKey);

    /** Starts resuming; {@link ProviderException.Kind#CONFLICT} when the etag is stale (re-read and retry). */
    OperationObservation resume(String machineId, String etag, String idempotencyKey);

    /** The operation as it is now. */
    OperationObservation getOperation(String operationId);
}
