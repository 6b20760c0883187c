package io.computemirror.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;

/**
 * A schedule's windows in its time zone, as arithmetic: the state that holds at an instant (the action of the latest
 * edge at or before it) and the next edge. Pure: the caller passes the instant.
 * <p>
 * Cron matching is cron-utils' (Unix definition: five fields, names, ranges, steps, day-of-month OR day-of-week),
 * done on wall-clock times only (a zone without daylight saving), so its own DST handling never matters. The wall
 * clock is mapped to instants here, by one monotonic rule:
 * <ul>
 * <li>an edge whose local time does not exist (the hour skipped in spring) takes effect at the jump itself;</li>
 * <li>an edge whose local time happens twice (the hour repeated in autumn) takes effect the first time only.</li>
 * </ul>
 * When several edges fall on the same local minute, or into the same skipped hour, the later local time wins, and at
 * the same local minute {@code resume} wins over {@code suspend}: when in doubt a machine runs.
 */
public final class Timetable {

    /** One edge: when it takes effect, the wall-clock time it was written for, its action and window. */
    public record Edge(Instant at, LocalDateTime local, Action action, int window) {}

    /** A window as written: two five-field cron expressions. */
    public record Window(String suspend, String resume) {}

    /** A schedule that cannot be computed; {@code field} is the path of the offending field. */
    public static final class InvalidSchedule extends Exception {
        private final String field;

        InvalidSchedule(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private static final LocalDateTime NEVER_CHECK_FROM = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** One parsed cron expression of a window. */
    private record Trigger(ExecutionTime times, Action action, int window) {}

    private final ZoneId zone;
    private final ZoneRules rules;
    private final List<Trigger> triggers;

    private Timetable(ZoneId zone, List<Trigger> triggers) {
        this.zone = zone;
        this.rules = zone.getRules();
        this.triggers = triggers;
    }

    /**
     * @param timeZone an IANA zone name such as {@code Europe/Berlin}, or {@code UTC}
     * @throws InvalidSchedule naming {@code spec.timeZone} or {@code spec.windows[i].suspend|resume}
     */
    public static Timetable parse(String timeZone, List<Window> windows) throws InvalidSchedule {
        ZoneId zone = zone(timeZone);
        if (windows == null || windows.isEmpty()) {
            throw new InvalidSchedule("spec.windows", "at least one window {suspend, resume} is required");
        }
        List<Trigger> triggers = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            triggers.add(new Trigger(cron("spec.windows[" + i + "].suspend", w.suspend()), Action.Suspend, i));
            triggers.add(new Trigger(cron("spec.windows[" + i + "].resume", w.resume()), Action.Resume, i));
        }
        return new Timetable(zone, List.copyOf(triggers));
    }

    public ZoneId zone() {
        return zone;
    }

    /** The latest edge at or before {@code now}: the state that holds now. Empty if no window ever fired. */
    public Optional<Edge> latest(Instant now) {
        LocalDateTime local = LocalDateTime.ofInstant(now, zone);
        ZoneOffsetTransition overlap = rules.getTransition(local);
        // Exclusive wall-clock bound of the edges that have taken effect by now.
        LocalDateTime bound =
                overlap != null && overlap.isOverlap() && rules.getOffset(now).equals(overlap.getOffsetAfter())
                        // The repeated hour's second pass: all its local times took effect in the first pass.
                        ? overlap.getDateTimeBefore()
                        : local.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        return triggers.stream()
                .flatMap(t -> t
                        .times()
                        .lastExecution(wallClock(bound))
                        .map(z -> new Edge(resolve(z.toLocalDateTime()), z.toLocalDateTime(), t.action(), t.window()))
                        .stream())
                .max(ORDER);
    }

    /**
     * The next edge after {@code now} (the winning one when several take effect at that instant). Empty if no window
     * fires again.
     */
    public Optional<Edge> next(Instant now) {
        return nextInstant(now, null).flatMap(this::latest);
    }

    /**
     * The next edge after {@code now} whose action differs from the state that holds now (the next real
     * transition), trying at most {@code maxEdges} edges of the other action. Edges that repeat the current state
     * are skipped without being enumerated, so a schedule suspending every minute and resuming once a year is cheap.
     */
    public Optional<Edge> nextChange(Instant now, int maxEdges) {
        Optional<Action> current = latest(now).map(Edge::action);
        if (current.isEmpty()) {
            return next(now);
        }
        Action other = current.get() == Action.Suspend ? Action.Resume : Action.Suspend;
        Instant from = now;
        for (int i = 0; i < maxEdges; i++) {
            Optional<Instant> at = nextInstant(from, other);
            if (at.isEmpty()) {
                return Optional.empty();
            }
            // At that instant an edge of the current action may still win (a later local time in a skipped hour).
            Optional<Edge> winner = latest(at.get());
            if (winner.isPresent() && winner.get().action() == other) {
                return winner;
            }
            from = at.get();
        }
        return Optional.empty();
    }

    /** The first instant after {@code now} at which an edge (of {@code only} action, if given) takes effect. */
    private Optional<Instant> nextInstant(Instant now, Action only) {
        LocalDateTime local = LocalDateTime.ofInstant(now, zone);
        ZoneOffsetTransition overlap = rules.getTransition(local);
        // Exclusive lower wall-clock bound minus one minute (cron-utils' nextExecution is strictly after).
        LocalDateTime after =
                overlap != null && overlap.isOverlap() && rules.getOffset(now).equals(overlap.getOffsetAfter())
                        ? overlap.getDateTimeBefore().minusMinutes(1)
                        : local.truncatedTo(ChronoUnit.MINUTES);
        return triggers.stream()
                .filter(t -> only == null || t.action() == only)
                .flatMap(t -> t.times().nextExecution(wallClock(after)).stream())
                .map(z -> resolve(z.toLocalDateTime()))
                .min(Comparator.naturalOrder());
    }

    /** Later local time first; at the same local minute resume beats suspend. */
    private static final Comparator<Edge> ORDER =
            Comparator.comparing(Edge::local).thenComparing(e -> e.action() == Action.Resume);

    private Instant resolve(LocalDateTime local) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return rules.getTransition(local).getInstant();
        }
        return ZonedDateTime.ofLocal(local, zone, null)
                .withEarlierOffsetAtOverlap()
                .toInstant();
    }

    private static ZonedDateTime wallClock(LocalDateTime local) {
        return local.atZone(ZoneOffset.UTC);
    }

    private static ZoneId zone(String name) throws InvalidSchedule {
        String text = name == null || name.isBlank() ? "UTC" : name.trim();
        if (!text.equals("UTC") && !ZoneId.getAvailableZoneIds().contains(text)) {
            throw new InvalidSchedule(
                    "spec.timeZone",
                    "unknown time zone \"" + text + "\": use an IANA name such as "
                            + "Europe/Berlin, America/New_York or UTC");
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new InvalidSchedule("spec.timeZone", "unknown time zone \"" + text + "\": " + e.getMessage());
        }
    }

    private static ExecutionTime cron(String field, String expression) throws InvalidSchedule {
        if (expression == null || expression.isBlank()) {
            throw new InvalidSchedule(field, "a five-field cron expression is required, e.g. \"0 19 * * 1-5\"");
        }
        String[] parts = expression.trim().split("\\s+");
        if (parts.length != 5) {
            throw new InvalidSchedule(
                    field,
                    "\"" + expression + "\" has " + parts.length + " fields; a cron expression "
                            + "has five: minute hour day-of-month month day-of-week, e.g. \"0 19 * * 1-5\"");
        }
        ExecutionTime times;
        try {
            times = ExecutionTime.forCron(PARSER.parse(String.join(" ", parts)));
        } catch (IllegalArgumentException e) {
            throw new InvalidSchedule(
                    field, "\"" + expression + "\" is not a valid cron expression: " + e.getMessage());
        }
        if (times.nextExecution(wallClock(NEVER_CHECK_FROM)).isEmpty()) {
            throw new InvalidSchedule(field, "\"" + expression + "\" never fires (no such date, e.g. 30 February)");
        }
        return times;
    }
}
