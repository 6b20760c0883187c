package io.computemirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineReadiness;
import io.computemirror.api.v1alpha1.MachineSpec;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.api.v1alpha1.ProviderType;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

class MachineReadinessTest {

    private static final long GENERATION = 4;

    static Stream<Arguments> cases() {
        return Stream.of(
                // suspended, type, phase, running operation, last operation (result, generation), status, reason
                Arguments.of(null, ProviderType.Akua, MachinePhase.Running, null, null, true, "Running"),
                Arguments.of(null, ProviderType.Akua, MachinePhase.Suspended, null, null, false, "Suspended"),
                Arguments.of(true, ProviderType.Akua, MachinePhase.Suspended, null, null, true, "Suspended"),
                Arguments.of(true, ProviderType.Akua, MachinePhase.Running, Action.Suspend, null, false, "Suspending"),
                Arguments.of(false, ProviderType.Akua, MachinePhase.Suspended, Action.Resume, null, false, "Resuming"),
                Arguments.of(
                        true,
                        ProviderType.Akua,
                        MachinePhase.Running,
                        null,
                        last(LastOperation.Result.Failed, GENERATION),
                        false,
                        MachineReadiness.OPERATION_FAILED),
                Arguments.of(
                        true,
                        ProviderType.Akua,
                        MachinePhase.Running,
                        null,
                        last(LastOperation.Result.Cancelled, GENERATION),
                        false,
                        MachineReadiness.OPERATION_FAILED),
                // A failure of an older generation no longer counts: the phase decides.
                Arguments.of(
                        false,
                        ProviderType.Akua,
                        MachinePhase.Running,
                        null,
                        last(LastOperation.Result.Failed, GENERATION - 1),
                        true,
                        "Running"),
                Arguments.of(
                        true,
                        ProviderType.Akua,
                        MachinePhase.Suspended,
                        null,
                        last(LastOperation.Result.Succeeded, GENERATION),
                        true,
                        "Suspended"),
                Arguments.of(
                        true,
                        ProviderType.Quiva,
                        MachinePhase.Running,
                        null,
                        null,
                        false,
                        MachineReadiness.SUSPEND_NOT_SUPPORTED),
                Arguments.of(null, ProviderType.Quiva, MachinePhase.Gone, null, null, false, "Gone"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void readyFollowsTheOneRule(
            Boolean suspended,
            ProviderType type,
            MachinePhase phase,
            Action running,
            LastOperation last,
            boolean ready,
            String reason) {
        Machine machine = new Machine();
        machine.setMetadata(new ObjectMetaBuilder()
                .withName("m")
                .withNamespace("ns")
                .withGeneration(GENERATION)
                .build());
        machine.setSpec(new MachineSpec("p", "mch_1"));
        machine.getSpec().setSuspended(suspended);
        MachineStatus status = new MachineStatus();
        status.setProviderType(type);
        status.setPhase(phase);
        if (running != null) {
            MachineOperation operation = new MachineOperation();
            operation.setId("op_1");
            operation.setAction(running);
            status.setOperation(operation);
        }
        status.setLastOperation(last);
        machine.setStatus(status);

        Condition condition = MachineReadiness.ready(machine);
        assertThat(condition.getStatus()).isEqualTo(ready ? Condition.Status.True : Condition.Status.False);
        assertThat(condition.getReason()).isEqualTo(reason);
        assertThat(condition.getMessage()).isNotBlank();
    }

    private static LastOperation last(LastOperation.Result result, long generation) {
        LastOperation last = new LastOperation();
        last.setId("op_9");
        last.setAction(Action.Suspend);
        last.setResult(result);
        last.setMessage(result == LastOperation.Result.Succeeded ? null : "no capacity to snapshot");
        last.setGeneration(generation);
        return last;
    }
}
