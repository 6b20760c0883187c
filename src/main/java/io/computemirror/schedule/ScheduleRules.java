package io.computemirror.schedule;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.computemirror.actuation.DesiredSuspension;
import io.computemirror.actuation.SpecSuspensions;
import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineScheduleStatus.Problem;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.kube.Hashes;

/**
 * Who decides a Machine's suspension, as one pure function (README "Machine schedules"):
 * <ol>
 * <li>its own {@code spec.suspended}, when set, wins over every schedule;</li>
 * <li>otherwise the oldest MachineSchedule of its namespace that selects it (creation time, then name); the others
 * that select it report the conflict, and so does the governing one;</li>
 * <li>the annotation {@value ApiConstants#ANNOTATION_SCHEDULE_SKIP_UNTIL} (RFC 3339) exempts it until then;</li>
 * <li>a machine whose provider cannot suspend (Quiva) is reported, not acted on; so is any machine of a paused or
 * invalid schedule, or of one whose windows never fired yet;</li>
 * <li>otherwise the governing schedule's latest edge at or before now says suspended or running.</li>
 * </ol>
 */
public final class ScheduleRules {

    private ScheduleRules() {}

    /** How a machine's desired suspension is decided. */
    public enum Kind {
        /** {@code spec.suspended} decides. */
        SPEC,
        /** The governing schedule decides. */
        SCHEDULE,
        /** Selected by a schedule that does not act on it now ({@code reason} and {@code message} say why). */
        EXEMPT,
        /** No spec opinion and no schedule selects it. */
        NONE
    }

    /**
     * @param governing the schedule that governs the machine (the oldest selecting one), or null
     * @param selecting every schedule that selects it, oldest first
     * @param edge the governing schedule's edge that holds now (kind SCHEDULE)
     * @param reason why an EXEMPT machine is not acted on; null for a paused schedule or one with no edge yet
     */
    public record Decision(
            Kind kind,
            ScheduleView governing,
            List<ScheduleView> selecting,
            Timetable.Edge edge,
            Optional<DesiredSuspension> desired,
            Problem.Reason reason,
            String message) {

        public boolean governedBy(ScheduleView schedule) {
            return governing != null
                    && governing.uid() != null
                    && governing.uid().equals(schedule.uid());
        }
    }

    public static Decision decide(Machine machine, List<ScheduleView> schedules, Instant now) {
        List<ScheduleView> selecting = schedules.stream()
                .filter(s -> s.selects(machine))
                .sorted(ScheduleView.AGE)
                .toList();
        ScheduleView governing = selecting.isEmpty() ? null : selecting.get(0);
        Boolean spec = machine.getSpec() == null ? null : machine.getSpec().getSuspended();
        if (spec != null) {
            return new Decision(
                    Kind.SPEC,
                    governing,
                    selecting,
                    null,
                    SpecSuspensions.decide(machine),
                    governing == null ? null : Problem.Reason.OverriddenBySpec,
                    "spec.suspended: " + spec + " decides (remove it to let the schedule decide)");
        }
        if (governing == null) {
            return new Decision(Kind.NONE, null, selecting, null, Optional.empty(), null, null);
        }
        Optional<String> skipped = skipped(machine, now);
        if (skipped.isPresent()) {
            return exempt(governing, selecting, Problem.Reason.Skipped, skipped.get());
        }
        ProviderType type =
                machine.getStatus() == null ? null : machine.getStatus().getProviderType();
        if (type != null && !type.canSuspend()) {
            return exempt(
                    governing,
                    selecting,
                    Problem.Reason.NotSuspendable,
                    type + " machines cannot be "
                            + "suspended (the provider has no lifecycle API); narrow the selector to Akua machines");
        }
        if (governing.paused()) {
            return exempt(governing, selecting, null, governing.ref() + " is paused");
        }
        if (governing.timetable() == null) {
            return exempt(governing, selecting, null, governing.ref() + " is invalid: " + governing.invalid());
        }
        Optional<Timetable.Edge> edge = governing.timetable().latest(now);
        if (edge.isEmpty()) {
            return exempt(governing, selecting, null, governing.ref() + " has no edge at or before now");
        }
        boolean suspend = edge.get().action() == Action.Suspend;
        DesiredSuspension desired = new DesiredSuspension(
                suspend, governing.ref(), edgeKey(machine.getMetadata().getUid(), governing.uid(), edge.get()));
        return new Decision(Kind.SCHEDULE, governing, selecting, edge.get(), Optional.of(desired), null, null);
    }

    /**
     * The edge key ({@link DesiredSuspension#edgeKey}) of one schedule edge for one machine: the same machine,
     * schedule, edge instant and action always give the same key, so an operator restarted inside a window, or a
     * request repeated after a crash, gets the operation the first request started (the request's idempotency key is
     * {@link DesiredSuspension#idempotencyKey} of it). Never equal to a spec's edge key ({@code <uid>/<generation>}).
     */
    public static String edgeKey(String machineUid, String scheduleUid, Timetable.Edge edge) {
        String text = machineUid + "/" + scheduleUid + "/" + edge.at().getEpochSecond() + "/"
                + edge.action().name();
        return "cms-" + edge.action().name().toLowerCase() + "-"
                + Hashes.sha256Hex(text).substring(0, 32);
    }

    /** When the skip annotation stops exempting the machine; empty without one or with a malformed one. */
    public static Optional<Instant> skipUntil(Machine machine) {
        Map<String, String> annotations = machine.getMetadata().getAnnotations();
        String until = annotations == null ? null : annotations.get(ApiConstants.ANNOTATION_SCHEDULE_SKIP_UNTIL);
        try {
            return until == null
                    ? Optional.empty()
                    : Optional.of(java.time.OffsetDateTime.parse(until.trim()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The skip annotation's reason to leave the machine alone now, if it has one. */
    static Optional<String> skipped(Machine machine, Instant now) {
        Map<String, String> annotations = machine.getMetadata().getAnnotations();
        String until = annotations == null ? null : annotations.get(ApiConstants.ANNOTATION_SCHEDULE_SKIP_UNTIL);
        if (until == null) {
            return Optional.empty();
        }
        try {
            Instant end = java.time.OffsetDateTime.parse(until.trim()).toInstant();
            return now.isBefore(end)
                    ? Optional.of("annotation " + ApiConstants.ANNOTATION_SCHEDULE_SKIP_UNTIL + " exempts it until "
                            + until.trim())
                    : Optional.empty();
        } catch (DateTimeParseException e) {
            // Whoever wrote it wanted the machine left alone: honour that, and say how to fix it.
            return Optional.of("annotation " + ApiConstants.ANNOTATION_SCHEDULE_SKIP_UNTIL + " is \"" + until
                    + "\", not an RFC 3339 time (e.g. 2026-12-24T08:00:00+01:00): the machine is left alone until it "
                    + "is fixed or removed");
        }
    }

    private static Decision exempt(
            ScheduleView governing, List<ScheduleView> selecting, Problem.Reason reason, String message) {
        return new Decision(Kind.EXEMPT, governing, selecting, null, Optional.empty(), reason, message);
    }
}
