package io.computemirror.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import io.computemirror.account.ProviderTimes;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.kube.Durations;

/**
 * When the mirrors' data counts as stale while polls fail or are rate-limited. The mirrors hold what the last
 * successful poll ({@code status.lastSuccessTime}) saw; they keep {@code Synced=True} until that is older than
 * {@code spec.staleAfter} (default three poll intervals), then turn {@code Synced=False} once, with a message that
 * stays the same for the whole outage, so each mirror is written at most twice per outage: once when it turns
 * stale, once when a poll succeeds again.
 *
 * @param lastSuccess when the data was last refreshed, or null when no poll ever succeeded (stale at once)
 */
record Staleness(Instant lastSuccess, Duration staleAfter) {

    static final String REASON = "Stale";

    static Staleness of(ComputeProvider cp) {
        String last = cp.getStatus() == null ? null : cp.getStatus().getLastSuccessTime();
        Instant lastSuccess;
        try {
            lastSuccess = last == null ? null : Instant.parse(last);
        } catch (DateTimeParseException e) {
            lastSuccess = null;
        }
        return new Staleness(lastSuccess, staleAfter(cp));
    }

    /** {@code spec.staleAfter}, or three poll intervals. */
    static Duration staleAfter(ComputeProvider cp) {
        String text = cp.getSpec().getStaleAfter();
        return Durations.parse(text, ProviderTimes.pollInterval(cp).multipliedBy(3));
    }

    boolean isStale(Instant now) {
        return lastSuccess == null || !lastSuccess.plus(staleAfter).isAfter(now);
    }

    /** How long until the data turns stale, or empty when it is stale already. */
    Optional<Duration> untilStale(Instant now) {
        return isStale(now) ? Optional.empty() : Optional.of(Duration.between(now, lastSuccess.plus(staleAfter)));
    }

    /** The Synced=False message: the same for every failed poll of one outage, so it is written once. */
    String message(ComputeProvider cp) {
        String owner = "ComputeProvider " + cp.getMetadata().getName();
        return lastSuccess == null
                ? "no poll of " + owner + " has succeeded yet; see its status for why"
                : "the data is from the last successful poll of " + owner + " at " + lastSuccess + " (older than "
                        + "staleAfter " + staleAfter.toSeconds() + " s); see its status for why polls fail";
    }
}
