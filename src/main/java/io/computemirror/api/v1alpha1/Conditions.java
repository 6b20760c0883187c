package io.computemirror.api.v1alpha1;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules for status conditions: one entry per type, {@code lastTransitionTime} changes only when the
 * status changes, every condition carries the generation it was computed for, and the list stays bounded.
 * Pure functions: the same inputs give an equal list, so a reconciler can compare and skip no-op writes.
 */
public final class Conditions {

    private Conditions() {}

    /** The condition of the given type, if present. */
    public static Optional<Condition> find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Whether the condition of the given type is present with status True. */
    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type)
                .map(c -> c.getStatus() == Condition.Status.True)
                .orElse(false);
    }

    /**
     * Returns a new list in which {@code desired} replaces the condition of its type. The previous
     * {@code lastTransitionTime} is kept when the status did not change; otherwise it becomes {@code now}
     * (truncated to seconds, as metav1.Time is). The result holds at most {@link ApiConstants#MAX_CONDITIONS}
     * entries: the ones that changed longest ago are dropped first.
     */
    public static List<Condition> set(List<Condition> current, Condition desired, long generation, Instant now) {
        Objects.requireNonNull(desired.getType(), "condition type");
        Objects.requireNonNull(desired.getStatus(), "condition status");
        Condition previous = find(current, desired.getType()).orElse(null);
        Condition next = new Condition(
                desired.getType(),
                desired.getStatus(),
                Text.clip(desired.getReason(), 128),
                Text.clip(desired.getMessage(), ApiConstants.MAX_MESSAGE));
        next.setObservedGeneration(generation);
        next.setLastTransitionTime(
                previous != null
                                && previous.getStatus() == desired.getStatus()
                                && previous.getLastTransitionTime() != null
                        ? previous.getLastTransitionTime()
                        : now.truncatedTo(ChronoUnit.SECONDS).toString());

        List<Condition> result = new ArrayList<>();
        if (current != null) {
            for (Condition c : current) {
                result.add(desired.getType().equals(c.getType()) ? next : c);
            }
        }
        if (previous == null) {
            result.add(next);
        }
        while (result.size() > ApiConstants.MAX_CONDITIONS) {
            result.stream()
                    .filter(c -> c != next)
                    .min(Comparator.comparing(c -> c.getLastTransitionTime() == null ? "" : c.getLastTransitionTime()))
                    .ifPresent(result::remove);
        }
        return result;
    }

    /** Shorthand for {@link #set} with a freshly built condition. */
    public static List<Condition> set(
            List<Condition> current,
            String type,
            boolean status,
            String reason,
            String message,
            long generation,
            Instant now) {
        return set(
                current,
                new Condition(type, status ? Condition.Status.True : Condition.Status.False, reason, message),
                generation,
                now);
    }
}
