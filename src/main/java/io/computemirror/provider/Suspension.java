package io.computemirror.provider;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An Akua machine's current suspension ({@code current_suspension}): what it costs and when it expires.
 *
 * @param reason {@code manual} or {@code downgrade} as sent by Akua (kept raw)
 */
public record Suspension(
        String eventId,
        Instant expiresAt,
        Long monthlyCostCents,
        String reason,
        Long snapshotId,
        BigDecimal snapshotSizeGb) {}
