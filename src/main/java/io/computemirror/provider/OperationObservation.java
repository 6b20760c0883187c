package io.computemirror.provider;

import java.time.Instant;

/**
 * A long-running provider operation (Akua suspend / resume) as last reported.
 *
 * @param id operation id ({@code op_...}), read from {@code id} or its alias {@code operation_id}
 * @param action the operation type, e.g. {@code machine.suspend} (from {@code metadata.type}), or null
 * @param providerState the provider's state string, unchanged, or null when the response carried none
 * @param done true once the operation is terminal and will not change again
 * @param errorMessage {@code error.message} of a FAILED or CANCELLED operation, else {@code last_error.message}
 * @param machineId the machine acted on
 * @param suspensionId {@code response.suspension_id} of a succeeded suspend
 */
public record OperationObservation(
        String id,
        String action,
        OperationState state,
        String providerState,
        boolean done,
        String errorMessage,
        String machineId,
        String suspensionId,
        Instant startedAt,
        Instant completedAt) {}
