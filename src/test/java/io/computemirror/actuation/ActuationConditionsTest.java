package io.computemirror.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.computemirror.actuation.ActuationConditions.Idle;
import io.computemirror.actuation.ActuationConditions.Progress;
import io.computemirror.actuation.ActuationConditions.Stuck;
import io.computemirror.actuation.ActuationConditions.Working;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Conditions;
import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;

class ActuationConditionsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    static Stream<Arguments> recorded() {
        return Stream.of(
                // generation, operation running?, last result, last generation, expected kind and reason
                Arguments.of(3L, true, null, null, Working.class, "Suspending"),
                Arguments.of(3L, true, LastOperation.Result.Failed, 3L, Working.class, "Suspending"),
                Arguments.of(3L, false, LastOperation.Result.Failed, 3L, Stuck.class, "OperationFailed"),
                Arguments.of(3L, false, LastOperation.Result.Cancelled, 3L, Stuck.class, "OperationFailed"),
                // The spec changed since the failure: the new generation is not stuck.
                Arguments.of(4L, false, LastOperation.Result.Failed, 3L, Idle.class, null),
                Arguments.of(3L, false, LastOperation.Result.Succeeded, 3L, Idle.class, null),
                Arguments.of(3L, false, null, null, Idle.class, null));
    }

    @ParameterizedTest
    @MethodSource("recorded")
    void theRecordedFieldsSayWhetherWorkIsUnderWayOrStuck(
            long generation,
            boolean running,
            LastOperation.Result result,
            Long lastGeneration,
            Class<? extends Progress> kind,
            String reason) {
        MachineOperation operation = null;
        if (running) {
            operation = new MachineOperation();
            operation.setId("op_2");
            operation.setAction(Action.Suspend);
            operation.setStartedAt("2026-12-02T10:00:00Z");
        }
        LastOperation last = null;
        if (result != null) {
            last = new LastOperation();
            last.setId("op_1");
            last.setAction(Action.Suspend);
            last.setResult(result);
            last.setGeneration(lastGeneration);
            last.setMessage("snapshot storage quota exceeded");
        }
        Progress progress = ActuationConditions.recorded(generation, operation, last);

        assertThat(progress).isInstanceOf(kind);
        if (progress instanceof Working working) {
            assertThat(working.reason()).isEqualTo(reason);
            assertThat(working.message()).contains("op_2").contains("running at the provider");
        }
        if (progress instanceof Stuck stuck) {
            assertThat(stuck.reason()).isEqualTo(reason);
            assertThat(stuck.message())
                    .contains("op_1")
                    .contains("snapshot storage quota exceeded")
                    .contains("change spec.suspended");
        }
    }

    @Test
    void workingSetsReconcilingAndClearsStalledLeavingTheSyncsConditionsAlone() {
        List<Condition> current = List.of(
                condition("Synced", Condition.Status.True, "Polled"),
                condition("Ready", Condition.Status.True, "Running"),
                condition("Stalled", Condition.Status.True, "OperationFailed"));

        List<Condition> next = ActuationConditions.apply(current, new Working("Suspending", "op_1 runs"), 4, T0);

        assertThat(next).extracting(Condition::getType).containsExactlyInAnyOrder("Synced", "Ready", "Reconciling");
        Condition reconciling = Conditions.find(next, "Reconciling").orElseThrow();
        assertThat(reconciling.getStatus()).isEqualTo(Condition.Status.True);
        assertThat(reconciling.getObservedGeneration()).isEqualTo(4);
        assertThat(reconciling.getLastTransitionTime()).isEqualTo("2026-12-02T10:00:00Z");
        assertThat(Conditions.find(next, "Ready")).contains(current.get(1));
    }

    @Test
    void idleRemovesBothAndAnUnchangedConditionKeepsItsTransitionTime() {
        List<Condition> working = ActuationConditions.apply(List.of(), new Working("AccountPaused", "waits"), 2, T0);
        List<Condition> later =
                ActuationConditions.apply(working, new Working("AccountPaused", "waits"), 2, T0.plusSeconds(60));

        assertThat(ActuationConditions.same(working, later)).isTrue();
        assertThat(Conditions.find(later, "Reconciling").orElseThrow().getLastTransitionTime())
                .isEqualTo("2026-12-02T10:00:00Z");
        assertThat(ActuationConditions.apply(later, new Idle(), 2, T0)).isEmpty();
        assertThat(ActuationConditions.same(later, List.of())).isFalse();
        assertThat(ActuationConditions.same(
                        later, ActuationConditions.apply(later, new Working("AccountPaused", "other words"), 2, T0)))
                .isFalse();
    }

    @Test
    void stuckSetsStalledAndClearsReconciling() {
        List<Condition> working = ActuationConditions.apply(List.of(), new Working("Suspending", "op_1 runs"), 2, T0);

        List<Condition> stuck = ActuationConditions.apply(working, new Stuck("OperationFailed", "quota"), 2, T0);

        assertThat(stuck).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Stalled");
            assertThat(c.getStatus()).isEqualTo(Condition.Status.True);
            assertThat(c.getReason()).isEqualTo("OperationFailed");
            assertThat(c.getMessage()).isEqualTo("quota");
        });
    }

    private static Condition condition(String type, Condition.Status status, String reason) {
        Condition c = new Condition(type, status, reason, "");
        c.setObservedGeneration(3L);
        c.setLastTransitionTime("2026-12-01T00:00:00Z");
        return c;
    }
}
