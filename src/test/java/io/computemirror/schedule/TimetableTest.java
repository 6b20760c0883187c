package io.computemirror.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.schedule.Timetable.Edge;
import io.computemirror.schedule.Timetable.InvalidSchedule;
import io.computemirror.schedule.Timetable.Window;

/** The schedule arithmetic: which state holds at an instant, and the next edge (times in UTC unless noted). */
class TimetableTest {

    private static final List<Window> NIGHTS_AND_WEEKENDS = List.of(new Window("0 19 * * 1-5", "0 7 * * 1-5"));
    private static final List<Window> ACROSS_MIDNIGHT = List.of(new Window("0 22 * * *", "0 6 * * *"));
    /** Both on the wall-clock hour that 2026-03-29 skips and 2026-10-25 repeats in Europe/Berlin. */
    private static final List<Window> BERLIN_DST_HOUR = List.of(new Window("30 2 * * *", "45 2 * * *"));

    private static final List<Window> TWO_WINDOWS =
            List.of(new Window("0 20 * * MON-FRI", "0 8 * * MON-FRI"), new Window("0 12 * * *", "0 13 * * *"));
    private static final List<Window> EVEN_ODD_MINUTES = List.of(new Window("*/2 * * * *", "1-59/2 * * * *"));

    static Stream<Arguments> stateAt() {
        return Stream.of(
                // name, zone, windows, now, expected action (null: no edge yet), expected edge instant
                Arguments.of(
                        "weekday evening, Berlin winter (CET = UTC+1)",
                        "Europe/Berlin",
                        NIGHTS_AND_WEEKENDS,
                        "2026-12-02T18:30:00Z",
                        Action.Suspend,
                        "2026-12-02T18:00:00Z"),
                Arguments.of(
                        "one second before the evening edge",
                        "Europe/Berlin",
                        NIGHTS_AND_WEEKENDS,
                        "2026-12-02T17:59:59Z",
                        Action.Resume,
                        "2026-12-02T06:00:00Z"),
                Arguments.of(
                        "exactly at the edge: the edge holds",
                        "Europe/Berlin",
                        NIGHTS_AND_WEEKENDS,
                        "2026-12-02T18:00:00Z",
                        Action.Suspend,
                        "2026-12-02T18:00:00Z"),
                Arguments.of(
                        "Saturday noon: Friday evening's suspend still holds",
                        "Europe/Berlin",
                        NIGHTS_AND_WEEKENDS,
                        "2026-12-05T11:00:00Z",
                        Action.Suspend,
                        "2026-12-04T18:00:00Z"),
                Arguments.of(
                        "Monday 07:00 local resumes",
                        "Europe/Berlin",
                        NIGHTS_AND_WEEKENDS,
                        "2026-12-07T06:00:00Z",
                        Action.Resume,
                        "2026-12-07T06:00:00Z"),
                Arguments.of(
                        "Monday 06:59 local: still the weekend",
                        "Europe/Berlin",
                        NIGHTS_AND_WEEKENDS,
                        "2026-12-07T05:59:00Z",
                        Action.Suspend,
                        "2026-12-04T18:00:00Z"),
                Arguments.of(
                        "summer time: the same wall clock is an hour earlier in UTC",
                        "Europe/Berlin",
                        NIGHTS_AND_WEEKENDS,
                        "2026-07-01T17:30:00Z",
                        Action.Suspend,
                        "2026-07-01T17:00:00Z"),
                // Europe/Berlin spring forward: 2026-03-29 02:00 CET -> 03:00 CEST (01:00Z).
                Arguments.of(
                        "Berlin: Monday after spring forward resumes at 07:00 CEST = 05:00Z",
                        "Europe/Berlin",
                        NIGHTS_AND_WEEKENDS,
                        "2026-03-30T05:00:00Z",
                        Action.Resume,
                        "2026-03-30T05:00:00Z"),
                Arguments.of(
                        "Berlin: 06:00Z that Monday is after the resume, not before it",
                        "Europe/Berlin",
                        NIGHTS_AND_WEEKENDS,
                        "2026-03-30T04:59:00Z",
                        Action.Suspend,
                        "2026-03-27T18:00:00Z"),
                Arguments.of(
                        "Berlin: edges in the skipped hour take effect at the jump, the later one wins",
                        "Europe/Berlin",
                        BERLIN_DST_HOUR,
                        "2026-03-29T01:00:00Z",
                        Action.Resume,
                        "2026-03-29T01:00:00Z"),
                Arguments.of(
                        "Berlin: just before the jump the previous day's edge holds",
                        "Europe/Berlin",
                        BERLIN_DST_HOUR,
                        "2026-03-29T00:59:59Z",
                        Action.Resume,
                        "2026-03-28T01:45:00Z"),
                // Europe/Berlin fall back: 2026-10-25 03:00 CEST -> 02:00 CET (01:00Z); 02:xx happens twice.
                Arguments.of(
                        "Berlin: the repeated hour, first pass 02:30 CEST = 00:30Z suspends",
                        "Europe/Berlin",
                        BERLIN_DST_HOUR,
                        "2026-10-25T00:35:00Z",
                        Action.Suspend,
                        "2026-10-25T00:30:00Z"),
                Arguments.of(
                        "Berlin: first pass 02:45 CEST resumes",
                        "Europe/Berlin",
                        BERLIN_DST_HOUR,
                        "2026-10-25T00:50:00Z",
                        Action.Resume,
                        "2026-10-25T00:45:00Z"),
                Arguments.of(
                        "Berlin: second pass 02:35 CET = 01:35Z is no new suspend edge",
                        "Europe/Berlin",
                        BERLIN_DST_HOUR,
                        "2026-10-25T01:35:00Z",
                        Action.Resume,
                        "2026-10-25T00:45:00Z"),
                // America/New_York spring forward: 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z).
                Arguments.of(
                        "New York: Friday 19:00 EST = 00:00Z Saturday",
                        "America/New_York",
                        NIGHTS_AND_WEEKENDS,
                        "2026-03-07T12:00:00Z",
                        Action.Suspend,
                        "2026-03-07T00:00:00Z"),
                Arguments.of(
                        "New York: Monday after spring forward resumes at 07:00 EDT = 11:00Z",
                        "America/New_York",
                        NIGHTS_AND_WEEKENDS,
                        "2026-03-09T11:00:00Z",
                        Action.Resume,
                        "2026-03-09T11:00:00Z"),
                Arguments.of(
                        "New York: 10:59Z that Monday is still the weekend",
                        "America/New_York",
                        NIGHTS_AND_WEEKENDS,
                        "2026-03-09T10:59:00Z",
                        Action.Suspend,
                        "2026-03-07T00:00:00Z"),
                // America/New_York fall back: 2026-11-01 02:00 EDT -> 01:00 EST (06:00Z); 01:xx happens twice.
                Arguments.of(
                        "New York: repeated hour, 01:30 fires at its first pass (05:30Z) only",
                        "America/New_York",
                        List.of(new Window("30 1 * * *", "0 12 * * *")),
                        "2026-11-01T06:40:00Z",
                        Action.Suspend,
                        "2026-11-01T05:30:00Z"),
                Arguments.of(
                        "New York: Monday after fall back resumes at 07:00 EST = 12:00Z",
                        "America/New_York",
                        NIGHTS_AND_WEEKENDS,
                        "2026-11-02T12:00:00Z",
                        Action.Resume,
                        "2026-11-02T12:00:00Z"),
                Arguments.of(
                        "across midnight: late evening",
                        "UTC",
                        ACROSS_MIDNIGHT,
                        "2026-12-02T23:00:00Z",
                        Action.Suspend,
                        "2026-12-02T22:00:00Z"),
                Arguments.of(
                        "across midnight: after midnight yesterday's suspend holds",
                        "UTC",
                        ACROSS_MIDNIGHT,
                        "2026-12-03T03:00:00Z",
                        Action.Suspend,
                        "2026-12-02T22:00:00Z"),
                Arguments.of(
                        "across midnight: morning",
                        "UTC",
                        ACROSS_MIDNIGHT,
                        "2026-12-03T06:00:30Z",
                        Action.Resume,
                        "2026-12-03T06:00:00Z"),
                Arguments.of(
                        "weekday range by names: Tuesday lunch, window 2",
                        "UTC",
                        TWO_WINDOWS,
                        "2026-12-01T12:30:00Z",
                        Action.Suspend,
                        "2026-12-01T12:00:00Z"),
                Arguments.of(
                        "two windows: Tuesday afternoon runs",
                        "UTC",
                        TWO_WINDOWS,
                        "2026-12-01T14:00:00Z",
                        Action.Resume,
                        "2026-12-01T13:00:00Z"),
                Arguments.of(
                        "two windows: Tuesday evening, window 1",
                        "UTC",
                        TWO_WINDOWS,
                        "2026-12-01T21:00:00Z",
                        Action.Suspend,
                        "2026-12-01T20:00:00Z"),
                Arguments.of(
                        "two windows: Saturday 10:00 still Friday evening's suspend",
                        "UTC",
                        TWO_WINDOWS,
                        "2026-12-05T10:00:00Z",
                        Action.Suspend,
                        "2026-12-04T20:00:00Z"),
                Arguments.of(
                        "two windows: Saturday afternoon the lunch window resumed",
                        "UTC",
                        TWO_WINDOWS,
                        "2026-12-05T13:10:00Z",
                        Action.Resume,
                        "2026-12-05T13:00:00Z"),
                Arguments.of(
                        "the same minute in two windows: resume wins",
                        "UTC",
                        List.of(new Window("0 12 * * *", "0 8 * * *"), new Window("0 6 * * *", "0 12 * * *")),
                        "2026-12-02T12:00:00Z",
                        Action.Resume,
                        "2026-12-02T12:00:00Z"),
                Arguments.of(
                        "even minute suspends",
                        "UTC",
                        EVEN_ODD_MINUTES,
                        "2026-12-02T10:04:30Z",
                        Action.Suspend,
                        "2026-12-02T10:04:00Z"),
                Arguments.of(
                        "odd minute resumes",
                        "UTC",
                        EVEN_ODD_MINUTES,
                        "2026-12-02T10:05:59Z",
                        Action.Resume,
                        "2026-12-02T10:05:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void stateAt(String name, String zone, List<Window> windows, String now, Action action, String edgeAt)
            throws InvalidSchedule {
        Edge edge = Timetable.parse(zone, windows).latest(Instant.parse(now)).orElseThrow();
        assertThat(edge.action()).isEqualTo(action);
        assertThat(edge.at()).isEqualTo(Instant.parse(edgeAt));
    }

    static Stream<Arguments> nextEdge() {
        return Stream.of(
                Arguments.of(
                        "evening after a weekday morning",
                        "Europe/Berlin",
                        NIGHTS_AND_WEEKENDS,
                        "2026-12-02T08:00:00Z",
                        Action.Suspend,
                        "2026-12-02T18:00:00Z"),
                Arguments.of(
                        "from Friday night to Monday morning",
                        "Europe/Berlin",
                        NIGHTS_AND_WEEKENDS,
                        "2026-12-04T20:00:00Z",
                        Action.Resume,
                        "2026-12-07T06:00:00Z"),
                Arguments.of(
                        "at an edge, the next one is strictly later",
                        "UTC",
                        ACROSS_MIDNIGHT,
                        "2026-12-02T22:00:00Z",
                        Action.Resume,
                        "2026-12-03T06:00:00Z"),
                Arguments.of(
                        "Berlin: the skipped hour's edges take effect at the jump, resume winning",
                        "Europe/Berlin",
                        BERLIN_DST_HOUR,
                        "2026-03-29T00:10:00Z",
                        Action.Resume,
                        "2026-03-29T01:00:00Z"),
                Arguments.of(
                        "Berlin: in the repeated hour's second pass the next edge is the next day",
                        "Europe/Berlin",
                        BERLIN_DST_HOUR,
                        "2026-10-25T01:20:00Z",
                        Action.Suspend,
                        "2026-10-26T01:30:00Z"),
                Arguments.of(
                        "Berlin: in the repeated hour's first pass 02:45 CEST is next",
                        "Europe/Berlin",
                        BERLIN_DST_HOUR,
                        "2026-10-25T00:31:00Z",
                        Action.Resume,
                        "2026-10-25T00:45:00Z"),
                Arguments.of(
                        "New York: the Monday after spring forward",
                        "America/New_York",
                        NIGHTS_AND_WEEKENDS,
                        "2026-03-07T12:00:00Z",
                        Action.Resume,
                        "2026-03-09T11:00:00Z"),
                Arguments.of(
                        "odd minute after even",
                        "UTC",
                        EVEN_ODD_MINUTES,
                        "2026-12-02T10:04:30Z",
                        Action.Resume,
                        "2026-12-02T10:05:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void nextEdge(String name, String zone, List<Window> windows, String now, Action action, String edgeAt)
            throws InvalidSchedule {
        Edge edge = Timetable.parse(zone, windows).next(Instant.parse(now)).orElseThrow();
        assertThat(edge.action()).isEqualTo(action);
        assertThat(edge.at()).isEqualTo(Instant.parse(edgeAt));
    }

    @Test
    void theNextChangeSkipsEdgesThatRepeatTheCurrentState() throws InvalidSchedule {
        // Two suspend edges (19:00 and 22:00) before the resume at 07:00.
        Timetable timetable = Timetable.parse(
                "UTC", List.of(new Window("0 19 * * *", "0 7 * * *"), new Window("0 22 * * *", "0 7 * * *")));
        Instant evening = Instant.parse("2026-12-02T20:00:00Z");
        assertThat(timetable.next(evening).orElseThrow().at()).isEqualTo(Instant.parse("2026-12-02T22:00:00Z"));
        assertThat(timetable.nextChange(evening, 100).orElseThrow())
                .satisfies(e -> assertThat(e.action()).isEqualTo(Action.Resume))
                .satisfies(e -> assertThat(e.at()).isEqualTo(Instant.parse("2026-12-03T07:00:00Z")));
    }

    @Test
    void theNextChangeOfAScheduleSuspendingEveryMinuteIsItsYearlyResume() throws InvalidSchedule {
        Timetable timetable = Timetable.parse("UTC", List.of(new Window("* * * * *", "0 0 1 1 *")));
        long started = System.nanoTime();
        Edge change =
                timetable.nextChange(Instant.parse("2026-12-02T10:00:30Z"), 100).orElseThrow();
        assertThat(change.action()).isEqualTo(Action.Resume);
        assertThat(change.at()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                .as("without walking every minute")
                .isLessThan(java.time.Duration.ofSeconds(1));
    }

    @Test
    void aRareEdgeIsFoundYearsBackAndAhead() throws InvalidSchedule {
        // Only on 29 February: the state that holds in December 2026 was set in 2024.
        Timetable leap = Timetable.parse("UTC", List.of(new Window("0 0 29 2 *", "0 12 29 2 *")));
        assertThat(leap.latest(Instant.parse("2026-12-02T00:00:00Z"))
                        .orElseThrow()
                        .at())
                .isEqualTo(Instant.parse("2024-02-29T12:00:00Z"));
        assertThat(leap.next(Instant.parse("2026-12-02T00:00:00Z"))
                        .orElseThrow()
                        .at())
                .isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(
                        "Mars/Olympus_Mons",
                        List.of(new Window("0 19 * * *", "0 7 * * *")),
                        "spec.timeZone",
                        "unknown time zone"),
                Arguments.of("UTC", List.of(), "spec.windows", "at least one window"),
                Arguments.of(
                        "UTC", List.of(new Window("0 19 * *", "0 7 * * *")), "spec.windows[0].suspend", "has 4 fields"),
                Arguments.of(
                        "UTC",
                        List.of(new Window("0 19 * * *", "0 7 * * *"), new Window("0 19 * * *", "0 0 7 * * *")),
                        "spec.windows[1].resume",
                        "has 6 fields"),
                Arguments.of(
                        "UTC",
                        List.of(new Window("0 24 * * *", "0 7 * * *")),
                        "spec.windows[0].suspend",
                        "not a valid cron expression"),
                Arguments.of(
                        "UTC",
                        List.of(new Window("5-3 * * * *", "0 7 * * *")),
                        "spec.windows[0].suspend",
                        "not a valid cron expression"),
                Arguments.of(
                        "UTC", List.of(new Window("0 19 * * *", "@daily")), "spec.windows[0].resume", "has 1 fields"),
                Arguments.of(
                        "UTC",
                        List.of(new Window("0 0 30 2 *", "0 7 * * *")),
                        "spec.windows[0].suspend",
                        "never fires"));
    }

    @ParameterizedTest(name = "{2}: {3}")
    @MethodSource
    void invalid(String zone, List<Window> windows, String field, String message) {
        assertThatThrownBy(() -> Timetable.parse(zone, windows)).isInstanceOfSatisfying(InvalidSchedule.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).startsWith(field + ": ").contains(message);
        });
    }

    @Test
    void anAbsentTimeZoneIsUtc() throws InvalidSchedule {
        assertThat(Timetable.parse(null, ACROSS_MIDNIGHT).zone().getId()).isEqualTo("UTC");
    }
}
