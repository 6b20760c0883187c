package io.computemirror.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.computemirror.actuation.ActuationRules.Act;
import io.computemirror.actuation.ActuationRules.CheckProvider;
import io.computemirror.actuation.ActuationRules.Done;
import io.computemirror.actuation.ActuationRules.Nothing;
import io.computemirror.actuation.ActuationRules.Unsupported;
import io.computemirror.actuation.ActuationRules.Wait;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineSpec;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.provider.MachineState;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

class ActuationRulesTest {

    static Stream<Arguments> intents() {
        return Stream.of(
                // suspended, type, phase, synced, lastOperation generation, expected
                Arguments.of(null, ProviderType.Akua, MachinePhase.Running, true, null, new Nothing()),
                Arguments.of(
                        true, ProviderType.Akua, MachinePhase.Running, true, null, new CheckProvider(Action.Suspend)),
                Arguments.of(true, ProviderType.Akua, MachinePhase.Suspended, true, null, new Nothing()),
                // A stale mirror (Synced=False) is not trusted: ask the provider.
                Arguments.of(
                        true,
                        ProviderType.Akua,
                        MachinePhase.Suspended,
                        false,
                        null,
                        new CheckProvider(Action.Suspend)),
                Arguments.of(
                        false, ProviderType.Akua, MachinePhase.Suspended, true, null, new CheckProvider(Action.Resume)),
                Arguments.of(false, ProviderType.Akua, MachinePhase.Running, true, null, new Nothing()),
                // This generation was acted on (even if that failed): nothing until the spec changes.
                Arguments.of(true, ProviderType.Akua, MachinePhase.Running, true, 3L, new Nothing()),
                Arguments.of(
                        true, ProviderType.Akua, MachinePhase.Running, true, 2L, new CheckProvider(Action.Suspend)),
                Arguments.of(
                        true,
                        ProviderType.Quiva,
                        MachinePhase.Running,
                        true,
                        null,
                        new Unsupported(ProviderType.Quiva)),
                Arguments.of(false, ProviderType.Quiva, MachinePhase.Stopped, true, null, new Nothing()),
                // Never mirrored: the type is unknown, so the provider (and its ComputeProvider) must tell.
                Arguments.of(true, null, null, false, null, new CheckProvider(Action.Suspend)));
    }

    @ParameterizedTest
    @MethodSource("intents")
    void intentFollowsFromSpecAndStatus(
            Boolean suspended,
            ProviderType type,
            MachinePhase phase,
            boolean synced,
            Long lastGeneration,
            ActuationRules.Intent expected) {
        Machine machine = new Machine();
        machine.setMetadata(new ObjectMetaBuilder()
                .withName("m")
                .withNamespace("ns")
                .withGeneration(3L)
                .build());
        machine.setSpec(new MachineSpec("akua", "mch_1"));
        machine.getSpec().setSuspended(suspended);
        MachineStatus status = new MachineStatus();
        status.setProviderType(type);
        status.setPhase(phase);
        status.setConditions(List.of(
                new Condition("Synced", synced ? Condition.Status.True : Condition.Status.False, "Polled", "")));
        if (lastGeneration != null) {
            LastOperation last = new LastOperation();
            last.setAction(Action.Suspend);
            last.setResult(LastOperation.Result.Failed);
            last.setGeneration(lastGeneration);
            status.setLastOperation(last);
        }
        machine.setStatus(status);
        assertThat(ActuationRules.intent(machine)).isEqualTo(expected);
    }

    @Test
    void aScheduledDesiredStateIsActedOnOncePerEdgeWhateverTheGeneration() {
        Machine machine = new Machine();
        machine.setMetadata(new ObjectMetaBuilder()
                .withName("m")
                .withNamespace("ns")
                .withGeneration(3L)
                .build());
        machine.setSpec(new MachineSpec("akua", "mch_1"));
        MachineStatus status = new MachineStatus();
        status.setProviderType(ProviderType.Akua);
        status.setPhase(MachinePhase.Running);
        status.setConditions(List.of(new Condition("Synced", Condition.Status.True, "Polled", "")));
        machine.setStatus(status);
        DesiredSuspension evening = new DesiredSuspension(true, "MachineSchedule/nights", "cms-suspend-edge1");
        assertThat(ActuationRules.intent(machine, Optional.of(evening))).isEqualTo(new CheckProvider(Action.Suspend));

        LastOperation failed = new LastOperation();
        failed.setAction(Action.Suspend);
        failed.setResult(LastOperation.Result.Failed);
        failed.setGeneration(1L);
        failed.setIdempotencyKey(evening.idempotencyKey());
        status.setLastOperation(failed);
        assertThat(ActuationRules.intent(machine, Optional.of(evening)))
                .as("this edge was tried")
                .isEqualTo(new Nothing());
        assertThat(ActuationRules.intent(
                        machine,
                        Optional.of(new DesiredSuspension(true, "MachineSchedule/nights", "cms-suspend-edge2"))))
                .as("the next edge tries again")
                .isEqualTo(new CheckProvider(Action.Suspend));
        assertThat(ActuationRules.intent(machine, Optional.empty())).isEqualTo(new Nothing());
    }

    static Stream<Arguments> nexts() {
        return Stream.of(
                Arguments.of(Action.Suspend, MachineState.RUNNING, new Act(Action.Suspend)),
                // Ours after a crash (same key, same operation) or someone else's (refused, then we wait).
                Arguments.of(Action.Suspend, MachineState.SUSPENDING, new Act(Action.Suspend)),
                Arguments.of(Action.Suspend, MachineState.SUSPENDED, new Done()),
                Arguments.of(Action.Suspend, MachineState.RESUMING, null),
                Arguments.of(Action.Suspend, MachineState.PROVISIONING, null),
                Arguments.of(Action.Resume, MachineState.SUSPENDED, new Act(Action.Resume)),
                Arguments.of(Action.Resume, MachineState.RESUMING, new Act(Action.Resume)),
                Arguments.of(Action.Resume, MachineState.RUNNING, new Done()),
                Arguments.of(Action.Resume, MachineState.SUSPENDING, null),
                Arguments.of(Action.Resume, MachineState.DELETING, null));
    }

    @ParameterizedTest
    @MethodSource("nexts")
    void nextStepFollowsFromTheProviderState(Action action, MachineState state, ActuationRules.Next expected) {
        ActuationRules.Next next = ActuationRules.next(action, state);
        if (expected == null) {
            assertThat(next)
                    .isInstanceOfSatisfying(Wait.class, w -> assertThat(w.why()).contains(state.name()));
        } else {
            assertThat(next).isEqualTo(expected);
        }
    }

    @Test
    void idempotencyKeysAreStablePerUidGenerationAndActionAndFitTheProviderLimit() {
        String key = ActuationRules.idempotencyKey("3f1c9a1e-0000-4000-8000-000000000001", 2, Action.Suspend);
        assertThat(key)
                .isEqualTo(ActuationRules.idempotencyKey("3f1c9a1e-0000-4000-8000-000000000001", 2, Action.Suspend));
        assertThat(key).startsWith("cm-suspend-").hasSizeLessThanOrEqualTo(64).matches("[a-z0-9-]+");
        assertThat(List.of(
                        ActuationRules.idempotencyKey("3f1c9a1e-0000-4000-8000-000000000001", 3, Action.Suspend),
                        ActuationRules.idempotencyKey("3f1c9a1e-0000-4000-8000-000000000001", 2, Action.Resume),
                        ActuationRules.idempotencyKey("3f1c9a1e-0000-4000-8000-000000000002", 2, Action.Suspend)))
                .doesNotContain(key)
                .doesNotHaveDuplicates();
    }

    @Test
    void followDelayGrowsWithTheOperationsAge() {
        assertThat(ActuationRules.followDelay(Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ActuationRules.followDelay(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(5));
        assertThat(ActuationRules.followDelay(Duration.between(Instant.EPOCH, Instant.now())))
                .isEqualTo(Duration.ofSeconds(15));
    }
}
