package io.computemirror.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderStatus;
import io.computemirror.api.v1alpha1.Generations;
import io.computemirror.api.v1alpha1.SecretKeyRef;
import io.computemirror.provider.ProviderException;
import io.computemirror.sync.PollOutcome.Failed;
import io.computemirror.sync.PollOutcome.Listed;
import io.computemirror.sync.PollOutcome.Paused;
import io.computemirror.sync.PollOutcome.Unusable;

/**
 * What a {@link PollOutcome} shows in a ComputeProvider's status: Ready and Stalled (kstatus: Stalled=True reads as
 * Failed, so only a fault a person must fix sets it), and the poll's counters. Pure: no client, no clock.
 */
final class PollStatuses {

    private PollStatuses() {}

    /** Sets on {@code status} (a copy of {@code previous}) what {@code outcome} says. */
    static void show(
            PollOutcome outcome,
            ComputeProvider cp,
            ComputeProviderStatus previous,
            ComputeProviderStatus status,
            Instant now) {
        long generation = Generations.of(cp);
        if (outcome instanceof Paused) {
            ProviderStatus.setReady(
                    status,
                    false,
                    "Paused",
                    "spec.paused is true: not polling " + status.getEndpoint(),
                    generation,
                    now);
            ProviderStatus.clearStalled(status);
        } else if (outcome instanceof Unusable unusable) {
            ProviderStatus.setReady(status, false, unusable.reason(), unusable.message(), generation, now);
            ProviderStatus.setStalled(status, unusable.reason(), unusable.message(), generation, now);
        } else if (outcome instanceof Listed listed) {
            status.setLastPollDurationMillis(listed.took().toMillis());
            status.setLastSuccessTime(status.getLastPollTime());
            status.setConsecutiveFailures(0);
            status.setLastError(null);
            ProviderStatus.clearStalled(status);
        } else if (outcome instanceof Failed failed) {
            showFailure(failed, cp, previous, status, now);
        }
        // StillRefused: Ready and Stalled keep what the refusal showed.
    }

    private static void showFailure(
            Failed failed,
            ComputeProvider cp,
            ComputeProviderStatus previous,
            ComputeProviderStatus status,
            Instant now) {
        long generation = Generations.of(cp);
        ProviderException e = failed.error();
        status.setLastPollDurationMillis(failed.took().toMillis());
        status.setConsecutiveFailures(
                Optional.ofNullable(previous.getConsecutiveFailures()).orElse(0) + 1);
        status.setLastError(e.getMessage());
        if (e.kind() == ProviderException.Kind.AUTH) {
            ProviderStatus.setReady(status, false, "CredentialsRefused", refusedMessage(cp, e), generation, now);
            ProviderStatus.setStalled(status, "CredentialsRefused", refusedMessage(cp, e), generation, now);
        } else if (e.kind() == ProviderException.Kind.RATE_LIMITED) {
            ProviderStatus.setReady(
                    status, false, "RateLimited", rateLimited(e, failed.nextAttempt(), previous, now), generation, now);
            ProviderStatus.clearStalled(status);
        } else {
            ProviderStatus.setReady(status, false, "ProviderUnavailable", e.getMessage(), generation, now);
            ProviderStatus.clearStalled(status);
        }
    }

    private static String rateLimited(
            ProviderException e, Duration nextAttempt, ComputeProviderStatus previous, Instant now) {
        return "the provider asked to wait"
                + e.retryAfter()
                        .map(d -> " " + Math.max(1, d.toSeconds()) + " s (Retry-After)")
                        .orElse("")
                + ": next attempt at " + now.plus(nextAttempt).truncatedTo(ChronoUnit.SECONDS)
                + "; the mirrors keep the data of "
                + Optional.ofNullable(previous.getLastSuccessTime()).orElse("no poll yet");
    }

    private static String refusedMessage(ComputeProvider cp, ProviderException e) {
        SecretKeyRef secret = cp.getSpec().getCredentialsSecretRef();
        return "the provider refused the credential in Secret "
                + cp.getMetadata().getNamespace() + "/"
                + secret.getName() + " key '" + secret.getKey() + "': " + e.getMessage()
                + "; fix the Secret (it is read again at the next poll)";
    }
}
