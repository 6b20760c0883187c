package io.computemirror.account;

import java.time.Duration;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.kube.Durations;

/**
 * The durations of a ComputeProvider's spec with their defaults, read in one place so the sync, the account's
 * resilience settings and the staleness rule never disagree. The CRD schema defaults and bounds them; the fallbacks
 * here only matter for an object the API server has not defaulted (tests, an older CRD).
 */
public final class ProviderTimes {

    /** The CRD default of {@code spec.pollInterval}. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);
    /** The CRD default of {@code spec.goneGracePeriod}. */
    public static final Duration DEFAULT_GONE_GRACE_PERIOD = Duration.ofMinutes(10);

    private ProviderTimes() {}

    public static Duration pollInterval(ComputeProvider cp) {
        return Durations.parse(cp.getSpec().getPollInterval(), DEFAULT_POLL_INTERVAL);
    }

    public static Duration goneGracePeriod(ComputeProvider cp) {
        return Durations.parse(cp.getSpec().getGoneGracePeriod(), DEFAULT_GONE_GRACE_PERIOD);
    }
}
