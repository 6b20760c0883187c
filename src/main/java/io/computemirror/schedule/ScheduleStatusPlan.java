package io.computemirror.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.computemirror.actuation.DesiredSuspension;
import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineScheduleStatus;
import io.computemirror.api.v1alpha1.MachineScheduleStatus.Problem;
import io.computemirror.api.v1alpha1.MachineScheduleStatus.Transition;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.Progress;
import io.computemirror.schedule.ScheduleRules.Decision;
import io.computemirror.schedule.ScheduleRules.Kind;

/**
 * One schedule's status from its machines, as a pure function: counts, problems, transitions, Ready and its kstatus
 * progress, which machines the actuation should look at now, and when to look again.
 * <p>
 * kstatus reads an invalid schedule and one whose operation for the current edge failed as Failed (Stalled: it stays
 * so until a person fixes the spec or the machine, or the next edge), one whose machines are on their way as
 * InProgress (Reconciling), and a settled or paused one as Current.
 *
 * @param status the status to write (conditions without times; the reconciler keeps lastTransitionTime)
 * @param progress what kstatus is told besides Ready
 * @param governed machines this schedule decides now, with their decision
 * @param poke machines the actuation should reconcile now (their recorded decision is stale, or this edge was not
 *        tried on them yet)
 * @param failed governed machines whose operation for the current edge failed
 * @param recheckAfter when the schedule must be looked at again (its next edge, or a skip that ends)
 */
public record ScheduleStatusPlan(
        MachineScheduleStatus status,
        Condition ready,
        Progress progress,
        List<Governed> governed,
        List<Machine> poke,
        List<Governed> failed,
        Duration recheckAfter) {

    /**
     * A machine this schedule decides, and what it decides.
     *
     * @param due not in the scheduled state, no operation running and this edge not tried yet: the actuation acts
     */
    public record Governed(Machine machine, Decision decision, boolean inState, boolean due) {}

    static final String INVALID = "InvalidSchedule";
    static final String MACHINES_FAILED = "MachinesFailed";
    static final String TRANSITIONING = "Transitioning";

    /** The longest wait between two looks: a clock that jumped is noticed within it. */
    static final Duration MAX_RECHECK = Duration.ofMinutes(10);

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    public static ScheduleStatusPlan of(ScheduleView me, List<ScheduleView> all, List<Machine> machines, Instant now) {
        MachineScheduleStatus status = new MachineScheduleStatus();
        status.setObservedGeneration(me.generation());
        List<Governed> governed = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<Machine> poke = new ArrayList<>();
        List<Governed> failed = new ArrayList<>();
        Instant recheck = now.plus(MAX_RECHECK);
        int matched = 0;
        for (Machine m : machines.stream()
                .sorted(Comparator.comparing(x -> x.getMetadata().getName()))
                .toList()) {
            if (!me.selects(m)) {
                if (me.ref().equals(desiredBy(m))) {
                    poke.add(m); // no longer selected, but still recorded as ours
                }
                continue;
            }
            matched++;
            Decision d = ScheduleRules.decide(m, all, now);
            Optional<Instant> skipEnd = ScheduleRules.skipUntil(m).filter(now::isBefore);
            if (skipEnd.isPresent() && skipEnd.get().isBefore(recheck)) {
                recheck = skipEnd.get();
            }
            if (d.kind() == Kind.SCHEDULE && d.governedBy(me)) {
                governed(me, m, d, governed, failed, problems, poke);
            } else {
                notGoverned(me, m, d, problems, poke);
            }
            conflictWithNewer(me, m, d, problems);
        }
        status.setMatchedMachines(matched);
        status.setMachinesInDesiredState(
                (int) governed.stream().filter(Governed::inState).count());
        status.setProblems(
                problems.isEmpty()
                        ? null
                        : List.copyOf(
                                problems.subList(0, Math.min(problems.size(), MachineScheduleStatus.MAX_PROBLEMS))));
        status.setMoreProblems(
                problems.size() > MachineScheduleStatus.MAX_PROBLEMS
                        ? problems.size() - MachineScheduleStatus.MAX_PROBLEMS
                        : null);
        if (me.timetable() != null) {
            me.timetable().latest(now).ifPresent(e -> status.setLastTransition(transition(me, e)));
            me.timetable().nextChange(now, 10_000).ifPresent(e -> status.setNextTransition(transition(me, e)));
            Optional<Timetable.Edge> next = me.timetable().next(now);
            if (next.isPresent() && next.get().at().isBefore(recheck)) {
                recheck = next.get().at();
            }
        }
        Condition ready = ready(me, governed, failed);
        Duration after = Duration.between(now, recheck);
        return new ScheduleStatusPlan(
                status, ready, progress(ready), governed, poke, failed, after.isNegative() ? Duration.ZERO : after);
    }

    private static Progress progress(Condition ready) {
        return switch (ready.getReason()) {
            case INVALID, MACHINES_FAILED -> Progress.STALLED;
            case TRANSITIONING -> Progress.RECONCILING;
            default -> Progress.SETTLED;
        };
    }

    /** A Machine this schedule governs: its desired state, whether it is there, and a failed try at this edge. */
    private static void governed(
            ScheduleView me,
            Machine m,
            Decision d,
            List<Governed> governed,
            List<Governed> failed,
            List<Problem> problems,
            List<Machine> poke) {
        String name = m.getMetadata().getName();
        DesiredSuspension desired = d.desired().orElseThrow();
        boolean inState = inState(m, desired.suspended());
        LastOperation last = m.getStatus() == null ? null : m.getStatus().getLastOperation();
        boolean tried = last != null && desired.idempotencyKey().equals(last.getIdempotencyKey());
        boolean running = m.getStatus() != null && m.getStatus().getOperation() != null;
        Governed g = new Governed(m, d, inState, !inState && !running && !tried);
        governed.add(g);
        if (tried && last.getResult() != null && last.getResult() != LastOperation.Result.Succeeded && !inState) {
            failed.add(g);
            problems.add(new Problem(
                    name,
                    Problem.Reason.OperationFailed,
                    last.getAction().name().toLowerCase()
                            + " operation " + Objects.requireNonNullElse(last.getId(), "(refused)") + " "
                            + last.getResult().name().toLowerCase() + ": " + last.getMessage()
                            + "; tried again at the next edge"));
        }
        boolean recordStale = !Objects.equals(desired.suspended(), desiredSuspended(m))
                || !me.ref().equals(desiredBy(m));
        if (recordStale || g.due()) {
            poke.add(m);
        }
    }

    /** A selected Machine this schedule does not govern: why not, as a problem. */
    private static void notGoverned(
            ScheduleView me, Machine m, Decision d, List<Problem> problems, List<Machine> poke) {
        String name = m.getMetadata().getName();
        if (me.ref().equals(desiredBy(m))) {
            poke.add(m); // recorded as ours, but no longer decided by us
        }
        if (d.kind() == Kind.SPEC) {
            problems.add(new Problem(name, Problem.Reason.OverriddenBySpec, d.message()));
        } else if (d.governing() != null && !d.governedBy(me)) {
            problems.add(new Problem(
                    name,
                    Problem.Reason.Conflict,
                    "also selected by the older " + d.governing().ref() + ", which governs it; change one selector"));
        } else if (d.reason() != null) {
            problems.add(new Problem(name, d.reason(), d.message()));
        }
    }

    /** Newer schedules selecting a Machine this one governs as the older one. */
    private static void conflictWithNewer(ScheduleView me, Machine m, Decision d, List<Problem> problems) {
        String name = m.getMetadata().getName();
        if (d.governedBy(me) && d.selecting().size() > 1 && d.kind() != Kind.SPEC) {
            problems.add(new Problem(
                    name,
                    Problem.Reason.Conflict,
                    "also selected by the newer "
                            + String.join(
                                    ", ",
                                    d.selecting().stream()
                                            .skip(1)
                                            .map(ScheduleView::ref)
                                            .toList())
                            + "; this schedule governs it as the older one"));
        }
    }

    private static Condition ready(ScheduleView me, List<Governed> governed, List<Governed> failed) {
        if (me.timetable() == null) {
            return condition(false, INVALID, me.invalid());
        }
        if (me.paused()) {
            return condition(true, "Paused", "spec.paused is true: the schedule acts on nothing");
        }
        long inState = governed.stream().filter(Governed::inState).count();
        String counts = inState + " of " + governed.size() + " governed machines in the scheduled state";
        if (!failed.isEmpty()) {
            return condition(
                    false,
                    MACHINES_FAILED,
                    counts + "; the operation for the current edge failed on "
                            + String.join(
                                    ", ",
                                    failed.stream()
                                            .map(g -> g.machine().getMetadata().getName())
                                            .limit(5)
                                            .toList())
                            + (failed.size() > 5 ? " and " + (failed.size() - 5) + " more" : "")
                            + " (see status.problems)");
        }
        if (inState < governed.size()) {
            return condition(false, TRANSITIONING, counts);
        }
        return condition(true, "InScheduledState", counts);
    }

    private static Condition condition(boolean ok, String reason, String message) {
        return new Condition(
                ApiConstants.CONDITION_READY, ok ? Condition.Status.True : Condition.Status.False, reason, message);
    }

    /** In the scheduled state: the phase is the desired one and no operation runs. */
    static boolean inState(Machine m, boolean suspend) {
        MachineStatus s = m.getStatus();
        return s != null
                && s.getOperation() == null
                && s.getPhase() == (suspend ? MachinePhase.Suspended : MachinePhase.Running);
    }

    static Transition transition(ScheduleView me, Timetable.Edge edge) {
        return new Transition(
                ZonedDateTime.ofInstant(edge.at(), me.timetable().zone()).format(RFC3339), edge.action());
    }

    private static String desiredBy(Machine m) {
        return m.getStatus() == null ? null : m.getStatus().getDesiredSuspendedBy();
    }

    private static Boolean desiredSuspended(Machine m) {
        return m.getStatus() == null ? null : m.getStatus().getDesiredSuspended();
    }
}
