package io.computemirror.sync;

import java.time.Duration;

import io.computemirror.provider.ProviderException;

/**
 * How one reconcile of a ComputeProvider ended. {@link PollStatuses#show} turns it into the ComputeProvider's status
 * and the time of the next look; {@link ComputeProviderReconciler} writes that status in one place.
 */
sealed interface PollOutcome {

    /** {@code spec.paused}: the provider was not asked. */
    record Paused() implements PollOutcome {}

    /** The object or its Secret cannot be used: a person must fix it. */
    record Unusable(String reason, String message) implements PollOutcome {}

    /** The provider refused this very credential and no poll is due yet: it was not asked again. */
    record StillRefused() implements PollOutcome {}

    /** The provider listed {@code items} objects. */
    record Listed(Duration took, int items) implements PollOutcome {}

    /** The poll failed; {@code nextAttempt} honours the provider's Retry-After. */
    record Failed(ProviderException error, Duration took, Duration nextAttempt) implements PollOutcome {}
}
