package io.computemirror.actuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineSpec;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.api.v1alpha1.SecretKeyRef;
import io.computemirror.sandbox.AkuaSimulator;
import io.computemirror.testing.ApiServerProfile;
import io.computemirror.testing.ClusterFixtures;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The actuation's in-memory state has an owner: 200 Machines, 10 of them with an operation being followed and 190
 * waiting on a paused account (each with an Event remembered once per generation), are created and deleted, and
 * every in-memory entry is gone again.
 */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class ActuationMemoryIT {

    private static final int FOLLOWED = 10;
    private static final int WAITING = 190;

    @Inject
    KubernetesClient client;

    @Inject
    ActuationEvents events;

    @Inject
    ActuationAccounts accounts;

    @Test
    void twoHundredMachinesCreatedAndDeletedLeaveNoEntryBehind() throws Exception {
        ClusterFixtures fixtures = new ClusterFixtures(client);
        String ns = fixtures.namespace("churn");
        int eventsBefore = events.trackedMachines();
        int followingBefore = accounts.trackedMachines();
        try (AkuaSimulator akua = new AkuaSimulator()
                .withMachines(FOLLOWED)
                .withOperationDuration(Duration.ofSeconds(60))
                .start()) {
            akua.machineIds().forEach(id -> akua.setState(id, "ACTIVE"));
            fixtures.provider(ns, "akua", ProviderType.Akua, akua.baseUrl(), AkuaSimulator.DEFAULT_TOKEN, "10m", "10m");
            client.resource(pausedAccount(ns, akua.baseUrl())).create();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(fixtures.list(Machine.class, ns))
                    .hasSize(FOLLOWED)
                    .allSatisfy(m -> assertThat(m.getStatus()).isNotNull().satisfies(s -> assertThat(s.getPhase())
                            .isEqualTo(MachinePhase.Running))));

            for (Machine mirror : fixtures.list(Machine.class, ns)) {
                client.resources(Machine.class)
                        .inNamespace(ns)
                        .withName(mirror.getMetadata().getName())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspended\":true}}");
            }
            IntStream.range(0, WAITING)
                    .forEach(i -> client.resource(waiting(ns, i)).create());

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(accounts.trackedMachines()).isEqualTo(followingBefore + FOLLOWED);
                assertThat(events.trackedMachines()).isEqualTo(eventsBefore + WAITING);
            });
            assertThat(akua.operations()).hasSize(FOLLOWED).allSatisfy(o -> assertThat(o.done())
                    .isFalse());
            assertThat(metrics())
                    .contains("computemirror_actuation_tracked_machines{memory=\"following\"} "
                            + (double) (followingBefore + FOLLOWED));

            client.resources(Machine.class).inNamespace(ns).delete();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(fixtures.list(Machine.class, ns)).isEmpty();
                assertThat(accounts.trackedMachines()).isEqualTo(followingBefore);
                assertThat(events.trackedMachines()).isEqualTo(eventsBefore);
            });
            assertThat(metrics())
                    .contains("computemirror_actuation_tracked_machines{memory=\"following\"} "
                            + (double) followingBefore)
                    .contains("computemirror_actuation_tracked_machines{memory=\"events\"} " + (double) eventsBefore);
        }
    }

    /** An Akua account with {@code spec.paused: true} and no Secret: the actuation must not need one. */
    private static ComputeProvider pausedAccount(String ns, String endpoint) {
        ComputeProvider cp = new ComputeProvider();
        cp.setMetadata(new ObjectMetaBuilder()
                .withName("akua-paused")
                .withNamespace(ns)
                .build());
        ComputeProviderSpec spec = new ComputeProviderSpec();
        spec.setType(ProviderType.Akua);
        spec.setEndpoint(endpoint);
        spec.setCredentialsSecretRef(new SecretKeyRef("akua-paused-credentials", "token"));
        spec.setPaused(true);
        cp.setSpec(spec);
        return cp;
    }

    private static Machine waiting(String ns, int i) {
        Machine machine = new Machine();
        machine.setMetadata(new ObjectMetaBuilder()
                .withName(String.format("waiting-%03d", i))
                .withNamespace(ns)
                .build());
        machine.setSpec(new MachineSpec("akua-paused", String.format("mch_waiting%03d", i)));
        machine.getSpec().setSuspended(true);
        return machine;
    }

    private static String metrics() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
