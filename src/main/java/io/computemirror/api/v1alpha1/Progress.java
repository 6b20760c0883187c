package io.computemirror.api.v1alpha1;

import java.time.Instant;
import java.util.List;

/**
 * The two conditions kstatus ({@code sigs.k8s.io/cli-utils}, what Flux and Argo CD's generic checks read) adds to
 * Ready, for kinds whose Ready says it all: {@value #RECONCILING}=True while the object works towards what it asks for
 * (kstatus: InProgress), {@value #STALLED}=True while it cannot get there without a person (kstatus: Failed). Each is
 * present only while True, with Ready's reason and message, the way the Machine and ComputeProvider controllers write
 * them; with neither present and the generation observed, kstatus reads Current.
 */
public enum Progress {
    /** Done for the current generation, or waiting for nothing (paused, nothing to do). */
    SETTLED,
    /** On its way; resolves by itself. */
    RECONCILING,
    /** Cannot get there until a person changes something. */
    STALLED;

    public static final String RECONCILING_TYPE = "Reconciling";
    public static final String STALLED_TYPE = ApiConstants.CONDITION_STALLED;

    /** {@code current} with {@code ready} set and the kstatus conditions as this progress says. */
    public List<Condition> conditions(List<Condition> current, Condition ready, long generation, Instant now) {
        List<Condition> next = Conditions.set(current, ready, generation, now);
        next = this == RECONCILING
                ? withCopy(next, RECONCILING_TYPE, ready, generation, now)
                : without(next, RECONCILING_TYPE);
        return this == STALLED ? withCopy(next, STALLED_TYPE, ready, generation, now) : without(next, STALLED_TYPE);
    }

    private static List<Condition> withCopy(
            List<Condition> conditions, String type, Condition ready, long generation, Instant now) {
        return Conditions.set(
                conditions,
                new Condition(type, Condition.Status.True, ready.getReason(), ready.getMessage()),
                generation,
                now);
    }

    private static List<Condition> without(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> !type.equals(c.getType())).toList();
    }
}
