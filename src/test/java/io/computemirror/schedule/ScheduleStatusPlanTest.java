package io.computemirror.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineSchedule;
import io.computemirror.api.v1alpha1.MachineScheduleSpec;
import io.computemirror.api.v1alpha1.MachineScheduleStatus.Problem;
import io.computemirror.api.v1alpha1.MachineSpec;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.api.v1alpha1.Progress;
import io.computemirror.api.v1alpha1.ProviderType;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** A schedule's status from its machines: counts, problems, Ready, which machines to poke, when to look again. */
class ScheduleStatusPlanTest {

    /** Tuesday 21:00 UTC: nights (suspend 19:00, resume 07:00 on weekdays) say suspended; next change 07:00. */
    private static final Instant EVENING = Instant.parse("2026-12-01T21:00:00Z");

    private final ScheduleView nights = schedule("nights", "2026-11-01T00:00:00Z");

    @Test
    void machinesMovingTowardsTheEdgeAreTransitioningAndPoked() {
        Machine running = machine("a", MachinePhase.Running, null, null);
        Machine done = machine("b", MachinePhase.Suspended, true, "MachineSchedule/nights");
        ScheduleStatusPlan plan = ScheduleStatusPlan.of(nights, List.of(nights), List.of(running, done), EVENING);
        assertThat(plan.status().getMatchedMachines()).isEqualTo(2);
        assertThat(plan.status().getMachinesInDesiredState()).isEqualTo(1);
        assertThat(plan.ready().getStatus()).isEqualTo(Condition.Status.False);
        assertThat(plan.ready().getReason()).isEqualTo("Transitioning");
        assertThat(plan.progress()).isEqualTo(Progress.RECONCILING);
        assertThat(plan.poke()).extracting(m -> m.getMetadata().getName()).containsExactly("a");
        assertThat(plan.status().getLastTransition().getAction()).isEqualTo(Action.Suspend);
        assertThat(plan.status().getLastTransition().getTime()).isEqualTo("2026-12-01T19:00:00Z");
        assertThat(plan.status().getNextTransition().getAction()).isEqualTo(Action.Resume);
        assertThat(plan.status().getNextTransition().getTime()).isEqualTo("2026-12-02T07:00:00Z");
        assertThat(plan.recheckAfter()).isEqualTo(ScheduleStatusPlan.MAX_RECHECK);
    }

    @Test
    void aFailedOperationForThisEdgeIsAProblemAndNotPokedAgain() {
        Machine failed = machine("a", MachinePhase.Running, true, "MachineSchedule/nights");
        String key = ScheduleRules.decide(failed, List.of(nights), EVENING)
                .desired()
                .orElseThrow()
                .idempotencyKey();
        LastOperation last = new LastOperation();
        last.setAction(Action.Suspend);
        last.setResult(LastOperation.Result.Failed);
        last.setMessage("quota exceeded");
        last.setIdempotencyKey(key);
        failed.getStatus().setLastOperation(last);
        ScheduleStatusPlan plan = ScheduleStatusPlan.of(nights, List.of(nights), List.of(failed), EVENING);
        assertThat(plan.ready().getReason()).isEqualTo("MachinesFailed");
        assertThat(plan.progress()).isEqualTo(Progress.STALLED);
        assertThat(plan.status().getProblems()).singleElement().satisfies(p -> {
            assertThat(p.getReason()).isEqualTo(Problem.Reason.OperationFailed);
            assertThat(p.getMessage()).contains("quota exceeded").contains("next edge");
        });
        assertThat(plan.poke()).isEmpty();
    }

    @Test
    void specOverridesAndQuivaMachinesAreListedButDoNotKeepTheScheduleFromBeingReady() {
        Machine explicit = machine("a", MachinePhase.Running, false, "Spec");
        explicit.getSpec().setSuspended(false);
        Machine quiva = machine("b", MachinePhase.Running, null, null);
        quiva.getStatus().setProviderType(ProviderType.Quiva);
        ScheduleStatusPlan plan = ScheduleStatusPlan.of(nights, List.of(nights), List.of(explicit, quiva), EVENING);
        assertThat(plan.status().getMatchedMachines()).isEqualTo(2);
        assertThat(plan.status().getProblems())
                .extracting(Problem::getReason)
                .containsExactly(Problem.Reason.OverriddenBySpec, Problem.Reason.NotSuspendable);
        assertThat(plan.ready().getStatus()).isEqualTo(Condition.Status.True);
        assertThat(plan.progress()).isEqualTo(Progress.SETTLED);
        assertThat(plan.poke()).isEmpty();
    }

    @Test
    void theProblemListIsBoundedAndAMachineLeftByTheSelectorIsPokedToDropTheDecision() {
        List<Machine> many = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Machine m = machine(String.format("m%02d", i), MachinePhase.Running, false, "Spec");
            m.getSpec().setSuspended(false);
            many.add(m);
        }
        Machine gone = machine("z", MachinePhase.Suspended, true, "MachineSchedule/nights");
        gone.getMetadata().setLabels(Map.of(ApiConstants.LABEL_PROVIDER, "other"));
        many.add(gone);
        ScheduleStatusPlan plan = ScheduleStatusPlan.of(nights, List.of(nights), many, EVENING);
        assertThat(plan.status().getProblems()).hasSize(20);
        assertThat(plan.status().getMoreProblems()).isEqualTo(5);
        assertThat(plan.poke()).extracting(m -> m.getMetadata().getName()).containsExactly("z");
    }

    @Test
    void aSkipThatEndsBeforeTheNextEdgeIsWhenToLookAgain() {
        Machine skipped = machine("a", MachinePhase.Running, null, null);
        skipped.getMetadata()
                .setAnnotations(Map.of(ApiConstants.ANNOTATION_SCHEDULE_SKIP_UNTIL, "2026-12-01T21:05:00Z"));
        ScheduleStatusPlan plan = ScheduleStatusPlan.of(nights, List.of(nights), List.of(skipped), EVENING);
        assertThat(plan.recheckAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(plan.status().getProblems()).singleElement().satisfies(p -> assertThat(p.getReason())
                .isEqualTo(Problem.Reason.Skipped));
    }

    @Test
    void aCronThatNeverFiresIsStalledAndGovernsNothing() {
        MachineSchedule s = scheduleObject("never", "2026-11-01T00:00:00Z");
        s.getSpec().setWindows(List.of(new MachineScheduleSpec.Window("0 0 30 2 *", "0 7 * * 1-5")));
        ScheduleView never = ScheduleView.of(s);
        Machine m = machine("a", MachinePhase.Running, null, null);
        ScheduleStatusPlan plan = ScheduleStatusPlan.of(never, List.of(never), List.of(m), EVENING);
        assertThat(plan.ready().getStatus()).isEqualTo(Condition.Status.False);
        assertThat(plan.ready().getReason()).isEqualTo("InvalidSchedule");
        assertThat(plan.ready().getMessage()).contains("never fires");
        assertThat(plan.progress()).isEqualTo(Progress.STALLED);
        assertThat(plan.governed()).isEmpty();
    }

    @Test
    void aSelectorKubernetesWouldRefuseIsStalledAndSelectsNothing() {
        MachineSchedule s = scheduleObject("bad-selector", "2026-11-01T00:00:00Z");
        s.getSpec()
                .setSelector(new LabelSelectorBuilder()
                        .addNewMatchExpression()
                        .withKey(ApiConstants.LABEL_PROVIDER)
                        .withOperator("Equals")
                        .withValues("akua")
                        .endMatchExpression()
                        .build());
        ScheduleView bad = ScheduleView.of(s);
        Machine m = machine("a", MachinePhase.Running, null, null);
        ScheduleStatusPlan plan = ScheduleStatusPlan.of(bad, List.of(bad), List.of(m), EVENING);
        assertThat(plan.ready().getReason()).isEqualTo("InvalidSchedule");
        assertThat(plan.ready().getMessage())
                .isEqualTo("spec.selector.matchExpressions[0].operator: \"Equals\" is not one of In, NotIn, Exists, "
                        + "DoesNotExist");
        assertThat(plan.progress()).isEqualTo(Progress.STALLED);
        assertThat(plan.status().getMatchedMachines()).isZero();
    }

    @Test
    void aPausedScheduleIsSettled() {
        MachineSchedule s = scheduleObject("paused", "2026-11-01T00:00:00Z");
        s.getSpec().setPaused(true);
        ScheduleView paused = ScheduleView.of(s);
        ScheduleStatusPlan plan = ScheduleStatusPlan.of(
                paused, List.of(paused), List.of(machine("a", MachinePhase.Running, null, null)), EVENING);
        assertThat(plan.ready().getReason()).isEqualTo("Paused");
        assertThat(plan.progress()).isEqualTo(Progress.SETTLED);
    }

    private static Machine machine(String name, MachinePhase phase, Boolean desired, String by) {
        Machine m = new Machine();
        m.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace("ns")
                .withUid("uid-" + name)
                .withLabels(Map.of(ApiConstants.LABEL_PROVIDER, "akua"))
                .build());
        m.setSpec(new MachineSpec("akua", "mch_" + name));
        MachineStatus status = new MachineStatus();
        status.setProviderType(ProviderType.Akua);
        status.setPhase(phase);
        status.setDesiredSuspended(desired);
        status.setDesiredSuspendedBy(by);
        m.setStatus(status);
        return m;
    }

    private static ScheduleView schedule(String name, String created) {
        return ScheduleView.of(scheduleObject(name, created));
    }

    private static MachineSchedule scheduleObject(String name, String created) {
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
        spec.setWindows(List.of(new MachineScheduleSpec.Window("0 19 * * 1-5", "0 7 * * 1-5")));
        s.setSpec(spec);
        return s;
    }
}
