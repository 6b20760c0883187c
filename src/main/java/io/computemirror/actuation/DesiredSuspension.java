package io.computemirror.actuation;

import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;

/**
 * The state one Machine should be in at the provider, and who decided it. The actuation acts on this alone, so a new
 * source of decisions (a MachineSchedule) only has to produce one ({@link DesiredSuspensions}).
 *
 * @param suspended true: suspended; false: running
 * @param decidedBy {@value #SPEC} (the Machine's own {@code spec.suspended}), or {@code MachineSchedule/<name>}
 * @param edgeKey identifies this one desired change: the same change always gives the same key, a new change a new one
 *        (for the spec: {@code <uid>/<generation>}). It is what makes a retried request return the first request's
 *        operation instead of starting a second one.
 */
public record DesiredSuspension(boolean suspended, String decidedBy, String edgeKey) {

    public static final String SPEC = "Spec";

    /** What the Machine's own {@code spec.suspended} asks for at this generation. */
    public static DesiredSuspension bySpec(boolean suspended, String uid, long generation) {
        return new DesiredSuspension(suspended, SPEC, uid + "/" + generation);
    }

    public Action action() {
        return suspended ? Action.Suspend : Action.Resume;
    }

    /**
     * {@code cm-<action>-<first 16 bytes of sha256(edgeKey/action)>}: for a spec decision this is exactly the key
     * v0.1 sent ({@code sha256(uid/generation/action)}), so an operation recorded before keeps its meaning.
     */
    public String idempotencyKey() {
        return ActuationRules.idempotencyKey(edgeKey, action());
    }
}
