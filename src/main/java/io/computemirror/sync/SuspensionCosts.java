package io.computemirror.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.kube.Durations;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.Suspension;

/**
 * What an account's suspended machines cost and which suspensions expire soon (Akua {@code current_suspension}:
 * {@code monthly_cost_cents}, {@code expires_at}).
 *
 * @param monthlyCostCents the monthly cost of all suspended machines' snapshots, in cents
 * @param expiring how many suspensions expire within the account's warning window
 */
public record SuspensionCosts(long monthlyCostCents, int expiring) {

    /** The default of {@code spec.akua.suspensionExpiryWarning}. */
    public static final Duration DEFAULT_WARNING = Duration.ofHours(72);

    public static SuspensionCosts of(List<MachineObservation> machines, Instant now, Duration warning) {
        long cents = 0;
        int expiring = 0;
        for (MachineObservation m : machines) {
            Suspension s = m.suspension();
            if (s == null) {
                continue;
            }
            cents += s.monthlyCostCents() == null ? 0 : s.monthlyCostCents();
            if (expiringSoon(s.expiresAt(), now, warning)) {
                expiring++;
            }
        }
        return new SuspensionCosts(cents, expiring);
    }

    /** Whether a suspension expiring at {@code expiresAt} is closer than {@code warning} (or already expired). */
    public static boolean expiringSoon(Instant expiresAt, Instant now, Duration warning) {
        return expiresAt != null && expiresAt.isBefore(now.plus(warning));
    }

    /** The account's {@code spec.akua.suspensionExpiryWarning}, or 72h. */
    public static Duration warning(ComputeProvider provider) {
        String text = provider == null
                        || provider.getSpec() == null
                        || provider.getSpec().getAkua() == null
                ? null
                : provider.getSpec().getAkua().getSuspensionExpiryWarning();
        return text == null ? DEFAULT_WARNING : Durations.parse(text, DEFAULT_WARNING);
    }
}
