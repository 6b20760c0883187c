package io.computemirror.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.ClusterFixtures;
import io.computemirror.testing.CrdFiles;
import io.computemirror.testing.OperatorProcess;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The harness runs kube-controller-manager's garbage collector and namespace controller, so what a cluster does
 * after a delete happens here too. The operator (a real process) makes the mirrors and is stopped before the
 * deletes: whatever removes them then is the cluster, not the operator.
 */
@ExtendWith(ApiServerExtension.class)
class GarbageCollectionIT {

    private static final Map<String, String> INSECURE = Map.of("COMPUTEMIRROR_ALLOW_INSECURE_ENDPOINTS", "true");
    private static final int OFFERS = 12;

    @Test
    void aDeletedComputeProvidersMirrorsAreRemovedByTheGarbageCollectorAndItsNamespaceDeletionCompletes(
            TestApiServer server, KubernetesClient client) throws Exception {
        CrdFiles.install(client);
        ClusterFixtures fixtures = new ClusterFixtures(client);
        String ns = fixtures.namespace("garbage-collection");
        try (CloreSimulator clore = new CloreSimulator().withOffers(OFFERS).start()) {
            fixtures.provider(
                    ns, "clore", ProviderType.Clore, clore.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10m", "10m");
            fixtures.provider(
                    ns, "clore-kept", ProviderType.Clore, clore.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10m", "10m");
            try (OperatorProcess operator = OperatorProcess.start(
                    "gc-operator", server.kubeConfigFile(), INSECURE, Path.of("target", "operator-logs"))) {
                operator.awaitStarted(Duration.ofMinutes(2));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(operator.isAlive())
                            .as("operator alive; log:\n" + operator.log())
                            .isTrue();
                    assertThat(offersOf(fixtures, ns, "clore")).hasSize(OFFERS);
                    assertThat(offersOf(fixtures, ns, "clore-kept")).hasSize(OFFERS);
                });
            }
        }

        ComputeProvider cp = fixtures.get(ComputeProvider.class, ns, "clore");
        // Nothing but the ownerReference ties the mirrors to their ComputeProvider: no finalizer of the operator's.
        assertThat(cp.getMetadata().getFinalizers()).isEmpty();
        assertThat(offersOf(fixtures, ns, "clore"))
                .allSatisfy(o -> assertThat(o.getMetadata().getOwnerReferences())
                        .extracting(OwnerReference::getUid)
                        .containsExactly(cp.getMetadata().getUid()));

        client.resource(cp).delete();
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(offersOf(fixtures, ns, "clore")).isEmpty());
        assertThat(offersOf(fixtures, ns, "clore-kept"))
                .as("another provider's mirrors stay")
                .hasSize(OFFERS);

        client.namespaces().withName(ns).delete();
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(client.namespaces().withName(ns).get())
                        .as("namespace " + ns + " finalized by the namespace controller")
                        .isNull());
    }

    private static List<GpuOffer> offersOf(ClusterFixtures fixtures, String ns, String provider) {
        return fixtures.list(GpuOffer.class, ns).stream()
                .filter(o -> provider.equals(o.getMetadata().getLabels().get(ApiConstants.LABEL_PROVIDER)))
                .toList();
    }
}
