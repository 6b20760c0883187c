package io.computemirror.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.computemirror.actuation.DesiredSuspension;
import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineSchedule;
import io.computemirror.api.v1alpha1.MachineScheduleSpec;
import io.computemirror.api.v1alpha1.MachineScheduleStatus.Problem;
import io.computemirror.api.v1alpha1.MachineSpec;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.schedule.ScheduleRules.Decision;
import io.computemirror.schedule.ScheduleRules.Kind;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Who decides a machine's suspension: spec, the older schedule, the skip annotation, what cannot be suspended. */
class ScheduleRulesTest {

    /** Tuesday 2026-12-01 21:00 UTC: nights (suspend 19:00, resume 07:00, weekdays) say suspended. */
    private static final Instant EVENING = Instant.parse("2026-12-01T21:00:00Z");

    private static final Instant MORNING = Instant.parse("2026-12-02T08:00:00Z");

    private final ScheduleView nights =
            schedule("nights", "2026-11-01T00:00:00Z", "0 19 * * 1-5", "0 7 * * 1-5", false);
    /** Newer, and the other way round: suspended in the day. */
    private final ScheduleView days = schedule("days", "2026-11-15T00:00:00Z", "0 7 * * *", "0 19 * * *", false);

    @Test
    void theScheduleDecidesAMachineWithoutSpecSuspended() {
        Decision evening = ScheduleRules.decide(machine(null, null), List.of(nights), EVENING);
        assertThat(evening.kind()).isEqualTo(Kind.SCHEDULE);
        assertThat(evening.desired().orElseThrow().suspended()).isTrue();
        assertThat(evening.desired().orElseThrow().decidedBy()).isEqualTo("MachineSchedule/nights");
        assertThat(evening.edge().at()).isEqualTo(Instant.parse("2026-12-01T19:00:00Z"));
        Decision morning = ScheduleRules.decide(machine(null, null), List.of(nights), MORNING);
        assertThat(morning.desired().orElseThrow().suspended()).isFalse();
    }

    @Test
    void anExplicitSpecSuspendedWinsAndTheScheduleReportsIt() {
        Decision d = ScheduleRules.decide(machine(false, null), List.of(nights), EVENING);
        assertThat(d.kind()).isEqualTo(Kind.SPEC);
        assertThat(d.desired()).contains(DesiredSuspension.bySpec(false, "uid-1", 1));
        assertThat(d.reason()).isEqualTo(Problem.Reason.OverriddenBySpec);
        assertThat(d.governedBy(nights)).isTrue();
        assertThat(ScheduleRules.decide(machine(true, null), List.of(), EVENING).reason())
                .isNull();
    }

    @Test
    void aMachineNoScheduleSelectsHasNoOpinion() {
        Machine other = machine(null, null);
        other.getMetadata().setLabels(Map.of("team", "b"));
        Decision d = ScheduleRules.decide(other, List.of(nights), EVENING);
        assertThat(d.kind()).isEqualTo(Kind.NONE);
        assertThat(d.desired()).isEmpty();
    }

    @Test
    void twoSchedulesSelectingOneMachineTheOlderGovernsWhicheverOrderTheyCome() {
        for (List<ScheduleView> order : List.of(List.of(nights, days), List.of(days, nights))) {
            Decision d = ScheduleRules.decide(machine(null, null), order, EVENING);
            assertThat(d.governing().name()).isEqualTo("nights");
            assertThat(d.selecting()).extracting(ScheduleView::name).containsExactly("nights", "days");
            assertThat(d.desired().orElseThrow().suspended()).isTrue();
        }
        ScheduleView sameTime = schedule("a-first", "2026-11-01T00:00:00Z", "0 7 * * *", "0 19 * * *", false);
        assertThat(ScheduleRules.decide(machine(null, null), List.of(nights, sameTime), EVENING)
                        .governing()
                        .name())
                .as("same creation time: by name")
                .isEqualTo("a-first");
    }

    @Test
    void theSkipAnnotationExemptsUntilItsTimeThenTheScheduleHoldsAgain() {
        Machine skipped = machine(null, "2026-12-02T07:30:00+01:00");
        Decision during = ScheduleRules.decide(skipped, List.of(nights), EVENING);
        assertThat(during.kind()).isEqualTo(Kind.EXEMPT);
        assertThat(during.reason()).isEqualTo(Problem.Reason.Skipped);
        assertThat(during.message()).contains("until 2026-12-02T07:30:00+01:00");
        assertThat(during.desired()).isEmpty();
        assertThat(ScheduleRules.skipUntil(skipped)).contains(Instant.parse("2026-12-02T06:30:00Z"));
        Decision after = ScheduleRules.decide(skipped, List.of(nights), Instant.parse("2026-12-02T06:30:00Z"));
        assertThat(after.kind()).isEqualTo(Kind.SCHEDULE);
        assertThat(after.desired().orElseThrow().suspended())
                .as("06:30Z is before the 07:00Z resume")
                .isTrue();
    }

    @Test
    void aMalformedSkipAnnotationLeavesTheMachineAloneAndSaysHowToFixIt() {
        Decision d = ScheduleRules.decide(machine(null, "tomorrow"), List.of(nights), EVENING);
        assertThat(d.kind()).isEqualTo(Kind.EXEMPT);
        assertThat(d.reason()).isEqualTo(Problem.Reason.Skipped);
        assertThat(d.message()).contains("not an RFC 3339 time");
    }

    @Test
    void aQuivaMachineIsReportedNotActedOn() {
        Machine quiva = machine(null, null);
        quiva.setStatus(new MachineStatus());
        quiva.getStatus().setProviderType(ProviderType.Quiva);
        Decision d = ScheduleRules.decide(quiva, List.of(nights), EVENING);
        assertThat(d.kind()).isEqualTo(Kind.EXEMPT);
        assertThat(d.reason()).isEqualTo(Problem.Reason.NotSuspendable);
        assertThat(d.desired()).isEmpty();
    }

    @Test
    void aPausedScheduleDoesNothingAndStillGovernsSoAnotherCannotTakeOver() {
        ScheduleView paused = schedule("nights", "2026-11-01T00:00:00Z", "0 19 * * 1-5", "0 7 * * 1-5", true);
        Decision d = ScheduleRules.decide(machine(null, null), List.of(paused, days), EVENING);
        assertThat(d.kind()).isEqualTo(Kind.EXEMPT);
        assertThat(d.governing().name()).isEqualTo("nights");
        assertThat(d.desired()).isEmpty();
        assertThat(d.reason()).isNull();
    }

    @Test
    void theEdgeKeyIsStableWithinAnEdgeAndNewAtTheNext() {
        Decision at2100 = ScheduleRules.decide(machine(null, null), List.of(nights), EVENING);
        Decision at2300 = ScheduleRules.decide(machine(null, null), List.of(nights), EVENING.plusSeconds(7200));
        Decision nextEvening = ScheduleRules.decide(machine(null, null), List.of(nights), EVENING.plusSeconds(86_400));
        assertThat(at2100.desired().orElseThrow().edgeKey())
                .isEqualTo(at2300.desired().orElseThrow().edgeKey())
                .startsWith("cms-suspend-")
                .hasSizeLessThanOrEqualTo(64);
        assertThat(nextEvening.desired().orElseThrow().edgeKey())
                .isNotEqualTo(at2100.desired().orElseThrow().edgeKey());
        Machine another = machine(null, null);
        another.getMetadata().setUid("uid-2");
        assertThat(ScheduleRules.decide(another, List.of(nights), EVENING)
                        .desired()
                        .orElseThrow()
                        .edgeKey())
                .as("one key per machine")
                .isNotEqualTo(at2100.desired().orElseThrow().edgeKey());
    }

    private static Machine machine(Boolean suspended, String skipUntil) {
        Machine m = new Machine();
        m.setMetadata(new ObjectMetaBuilder()
                .withName("m1")
                .withNamespace("ns")
                .withUid("uid-1")
                .withLabels(Map.of(ApiConstants.LABEL_PROVIDER, "akua"))
                .build());
        if (skipUntil != null) {
            m.getMetadata().setAnnotations(Map.of(ApiConstants.ANNOTATION_SCHEDULE_SKIP_UNTIL, skipUntil));
        }
        m.setSpec(new MachineSpec("akua", "mch_1"));
        m.getSpec().setSuspended(suspended);
        return m;
    }

    private static ScheduleView schedule(String name, String created, String suspend, String resume, boolean paused) {
        MachineSchedule s = new MachineSchedule();
        s.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace("ns")
                .withUid("uid-" + name)
                .withCreationTimestamp(created)
                .withGeneration(1L)
                .build());
        MachineScheduleSpec spec = new MachineScheduleSpec();
        spec.setSelector(new LabelSelectorBuilder()
                .withMatchLabels(Map.of(ApiConstants.LABEL_PROVIDER, "akua"))
                .build());
        spec.setTimeZone("UTC");
        spec.setWindows(List.of(new MachineScheduleSpec.Window(suspend, resume)));
        spec.setPaused(paused);
        s.setSpec(spec);
        return ScheduleView.of(s);
    }
}
