package io.computemirror.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineSpec;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.api.v1alpha1.ProviderType;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

class DesiredSuspensionTest {

    private static final String UID = "3f1c9a1e-0000-4000-8000-000000000001";

    @Test
    void theSpecDecidesWithTheKeyV01SentSoRecordedOperationsKeepTheirMeaning() {
        Machine machine = machine(true, 7L);

        DesiredSuspension desired = SpecSuspensions.decide(machine).orElseThrow();

        assertThat(desired.decidedBy()).isEqualTo("Spec");
        assertThat(desired.action()).isEqualTo(Action.Suspend);
        assertThat(desired.edgeKey()).isEqualTo(UID + "/7");
        // v0.1: "cm-<action>-" + hex of the first 16 bytes of sha256(uid/generation/Action).
        assertThat(desired.idempotencyKey())
                .isEqualTo(ActuationRules.idempotencyKey(UID, 7, Action.Suspend))
                .isEqualTo("cm-suspend-" + sha256Hex32(UID + "/7/Suspend"));
        assertThat(SpecSuspensions.decide(machine(null, 7L))).isEmpty();
    }

    @Test
    void anotherSourceDecidesThroughTheSameSeamWithItsOwnEdgeKey() {
        Machine machine = machine(null, 7L);
        DesiredSuspension scheduled =
                new DesiredSuspension(true, "MachineSchedule/nights", "sched-uid/2026-12-02T22:00Z");

        assertThat(ActuationRules.intent(machine, Optional.of(scheduled)))
                .isEqualTo(new ActuationRules.CheckProvider(Action.Suspend));
        // Once this edge was acted on (whatever the result), it is not acted on again; the next edge is.
        LastOperation last = new LastOperation();
        last.setAction(Action.Suspend);
        last.setResult(LastOperation.Result.Failed);
        last.setGeneration(7L);
        last.setIdempotencyKey(scheduled.idempotencyKey());
        machine.getStatus().setLastOperation(last);
        assertThat(ActuationRules.intent(machine, Optional.of(scheduled))).isEqualTo(new ActuationRules.Nothing());
        DesiredSuspension nextEdge =
                new DesiredSuspension(true, "MachineSchedule/nights", "sched-uid/2026-12-03T22:00Z");
        assertThat(ActuationRules.intent(machine, Optional.of(nextEdge)))
                .isEqualTo(new ActuationRules.CheckProvider(Action.Suspend));
    }

    private static Machine machine(Boolean suspended, long generation) {
        Machine machine = new Machine();
        machine.setMetadata(new ObjectMetaBuilder()
                .withName("m")
                .withNamespace("ns")
                .withUid(UID)
                .withGeneration(generation)
                .build());
        machine.setSpec(new MachineSpec("akua", "mch_1"));
        machine.getSpec().setSuspended(suspended);
        MachineStatus status = new MachineStatus();
        status.setProviderType(ProviderType.Akua);
        machine.setStatus(status);
        return machine;
    }

    private static String sha256Hex32(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
