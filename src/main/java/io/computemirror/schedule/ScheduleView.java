package io.computemirror.schedule;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.computemirror.api.v1alpha1.Generations;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineSchedule;
import io.computemirror.api.v1alpha1.MachineScheduleSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * A MachineSchedule as the rules read it: its identity, selector, settings and parsed timetable (or why it has none).
 *
 * @param selector null when the spec's selector is invalid (it then selects nothing)
 * @param timetable null when {@code invalid} says why the spec cannot be computed
 */
public record ScheduleView(
        String name,
        String uid,
        long generation,
        Instant created,
        LabelSelector selector,
        boolean paused,
        int maxConcurrent,
        Timetable timetable,
        String invalid) {

    public static final int DEFAULT_MAX_CONCURRENT = 5;

    /** Older first (creation time, then name): the older schedule governs a machine both select. */
    public static final Comparator<ScheduleView> AGE = Comparator.comparing(
                    ScheduleView::created, Comparator.naturalOrder())
            .thenComparing(ScheduleView::name, Comparator.naturalOrder());

    public static ScheduleView of(MachineSchedule schedule) {
        MachineScheduleSpec spec = schedule.getSpec() == null ? new MachineScheduleSpec() : schedule.getSpec();
        Timetable timetable = null;
        String invalid = null;
        try {
            List<Timetable.Window> windows = spec.getWindows() == null
                    ? List.of()
                    : spec.getWindows().stream()
                            .map(w -> new Timetable.Window(w.getSuspend(), w.getResume()))
                            .toList();
            timetable = Timetable.parse(spec.getTimeZone(), windows);
        } catch (Timetable.InvalidSchedule e) {
            invalid = e.getMessage();
        }
        // A selector Kubernetes would refuse selects nothing: guessing what it meant could suspend the wrong machines.
        Optional<String> badSelector = LabelSelectors.problem(spec.getSelector());
        LabelSelector selector = badSelector.isPresent() ? null : spec.getSelector();
        if (badSelector.isPresent()) {
            timetable = null;
            invalid = badSelector.get();
        }
        return new ScheduleView(
                schedule.getMetadata().getName(),
                schedule.getMetadata().getUid(),
                Generations.of(schedule),
                creationTime(schedule.getMetadata().getCreationTimestamp()),
                selector,
                Boolean.TRUE.equals(spec.getPaused()),
                Objects.requireNonNullElse(spec.getMaxConcurrent(), DEFAULT_MAX_CONCURRENT),
                timetable,
                invalid);
    }

    public boolean selects(Machine machine) {
        return LabelSelectors.matches(selector, machine.getMetadata().getLabels());
    }

    /** {@code MachineSchedule/<name>}, as in {@code Machine.status.desiredSuspendedBy}. */
    public String ref() {
        return "MachineSchedule/" + name;
    }

    private static Instant creationTime(String timestamp) {
        try {
            return timestamp == null ? Instant.MAX : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }
}
