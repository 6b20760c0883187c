package io.computemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.MachineObservation.AkuaFacts;
import io.computemirror.provider.MachineObservation.ProviderFacts;
import io.computemirror.provider.MachineObservation.QuivaFacts;
import io.computemirror.provider.MachineState;

/** The labels a Machine gets from its provider-side groupings. */
class MachineMirrorsTest {

    private static MachineObservation observation(String clusterId, ProviderFacts facts) {
        return new MachineObservation(
                "m-1",
                "m-1",
                MachineState.RUNNING,
                "running",
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                clusterId,
                facts,
                null,
                null);
    }

    @Test
    void akuaMachinesAreLabelledWithTheirClusterAndComputeConfig() {
        MachineObservation o = observation("Cluster_EU/1", new AkuaFacts("ws-1", "cc-gpu-large", false, null, null));

        assertThat(new MachineMirrors(ProviderType.Akua).labels(o))
                .containsOnly(
                        org.assertj.core.api.Assertions.entry(ApiConstants.LABEL_CLUSTER, "cluster-eu-1"),
                        org.assertj.core.api.Assertions.entry(ApiConstants.LABEL_COMPUTE_CONFIG, "cc-gpu-large"));
    }

    @Test
    void quivaMachinesAreLabelledWithTheirNamespaceAndServiceSanitised() {
        String longService = "svc-" + "x".repeat(80);
        MachineObservation o = observation(
                null, new QuivaFacts("My Team", longService, null, null, null, null, null, null, null, null));

        var labels = new MachineMirrors(ProviderType.Quiva).labels(o);

        assertThat(labels).containsEntry(ApiConstants.LABEL_NAMESPACE, "my-team");
        assertThat(labels.get(ApiConstants.LABEL_SERVICE)).hasSize(63).startsWith("svc-x");
        assertThat(labels).doesNotContainKey(ApiConstants.LABEL_CLUSTER);
    }

    @Test
    void groupsWithoutALabelSafeValueAreLeftOut() {
        MachineObservation o =
                observation("***", new QuivaFacts(" ", null, null, null, null, null, null, null, null, null));

        assertThat(new MachineMirrors(ProviderType.Quiva).labels(o)).isEmpty();
    }
}
