package io.computemirror.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineSpec;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * The basic contract every API server we test against must honour: our CRDs install, a custom resource is
 * created with server-side apply, its status subresource is patched separately, and both read back intact.
 * Shared by the kube-api-test and the k3s integration tests.
 */
public final class CustomResourceRoundTrip {

    private CustomResourceRoundTrip() {}

    public static void run(KubernetesClient client, String namespace) {
        CrdFiles.install(client);

        Machine machine = new Machine();
        machine.setMetadata(new ObjectMetaBuilder()
                .withName("roundtrip-1")
                .withNamespace(namespace)
                .build());
        machine.setSpec(new MachineSpec("akua-main", "mch_roundtrip1"));
        machine.getSpec().setSuspended(true);
        Machine applied = client.resource(machine)
                .fieldManager("compute-mirror-test")
                .forceConflicts()
                .serverSideApply();
        assertThat(applied.getMetadata().getUid()).isNotBlank();
        assertThat(applied.getMetadata().getManagedFields())
                .anySatisfy(f -> assertThat(f.getManager()).isEqualTo("compute-mirror-test"));

        MachineStatus status = new MachineStatus();
        status.setPhase(MachinePhase.Suspended);
        status.setProviderState("SUSPENDED");
        status.setObservedGeneration(applied.getMetadata().getGeneration());
        Condition ready = new Condition("Ready", Condition.Status.True, "Suspended", "machine is suspended as desired");
        ready.setLastTransitionTime("2026-11-22T12:00:00Z");
        status.setConditions(List.of(ready));
        Machine withStatus = new Machine();
        withStatus.setStatus(status);
        client.resources(Machine.class)
                .inNamespace(namespace)
                .withName("roundtrip-1")
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), withStatus);

        Machine read = client.resources(Machine.class)
                .inNamespace(namespace)
                .withName("roundtrip-1")
                .get();
        assertThat(read.getSpec().getExternalId()).isEqualTo("mch_roundtrip1");
        assertThat(read.getSpec().getSuspended()).isTrue();
        assertThat(read.getStatus().getPhase()).isEqualTo(MachinePhase.Suspended);
        assertThat(read.getStatus().getProviderState()).isEqualTo("SUSPENDED");
        assertThat(read.getStatus().getConditions()).containsExactly(ready);
        // A status write never bumps the generation; only spec changes do.
        assertThat(read.getMetadata().getGeneration())
                .isEqualTo(applied.getMetadata().getGeneration());
    }
}
