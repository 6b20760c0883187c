package io.computemirror.actuation;

/**
 * The desired suspension the actuation acts on, and who decided it: the one seam between "what should the machine
 * be" (a Machine's {@code spec.suspended}, or a MachineSchedule) and the actuation.
 *
 * @param suspended true suspend, false run, null no opinion (observe only)
 * @param decidedBy {@code Spec} or {@code MachineSchedule/<name>}; null with no opinion
 * @param edgeKey for a schedule's decision, the idempotency key of the schedule edge that holds now (one operation
 *        per machine and edge, also across restarts); null for the spec, whose key comes from uid and generation
 */
public record DesiredSuspension(Boolean suspended, String decidedBy, String edgeKey) {

    public static final String SPEC = "Spec";

    public static DesiredSuspension none() {
        return new DesiredSuspension(null, null, null);
    }

    public static DesiredSuspension spec(Boolean suspended) {
        return suspended == null ? none() : new DesiredSuspension(suspended, SPEC, null);
    }

    public boolean scheduled() {
        return edgeKey != null;
    }
}
