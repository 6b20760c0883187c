package io.computemirror.actuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.AkuaSimulator;
import io.computemirror.sandbox.AkuaSimulator.LifecycleRequest;
import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.ClusterFixtures;
import io.computemirror.testing.CrdFiles;
import io.computemirror.testing.OperatorProcess;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * The operator as a real process, killed (SIGKILL) while an Akua operation runs and started again: the new process
 * follows the recorded operation to its end and never sends a second request.
 */
@ExtendWith(ApiServerExtension.class)
class ActuationRestartIT {

    private static final Duration OPERATION = Duration.ofSeconds(12);
    private static final Map<String, String> INSECURE = Map.of("COMPUTEMIRROR_ALLOW_INSECURE_ENDPOINTS", "true");

    @Test
    void anOperatorKilledWhileAnOperationRunsFollowsItAfterTheRestartWithoutASecondRequest(
            TestApiServer server, KubernetesClient client) throws Exception {
        CrdFiles.install(client);
        ClusterFixtures fixtures = new ClusterFixtures(client);
        String ns = fixtures.namespace("restart");
        Path logs = Path.of("target", "operator-logs");
        try (AkuaSimulator akua = new AkuaSimulator()
                .withMachines(2)
                .withOperationDuration(OPERATION)
                .start()) {
            akua.machineIds().forEach(id -> akua.setState(id, "ACTIVE"));
            fixtures.provider(ns, "akua", ProviderType.Akua, akua.baseUrl(), AkuaSimulator.DEFAULT_TOKEN, "10m", "10m");

            Machine machine;
            MachineOperation recorded;
            try (OperatorProcess first =
                    OperatorProcess.start("restart-first", server.kubeConfigFile(), INSECURE, logs)) {
                first.awaitStarted(Duration.ofMinutes(2));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(fixtures.list(Machine.class, ns))
                        .hasSize(2)
                        .allSatisfy(m -> assertThat(m.getStatus()).isNotNull().satisfies(s -> assertThat(s.getPhase())
                                .isEqualTo(MachinePhase.Running))));
                machine = fixtures.list(Machine.class, ns).get(0);
                client.resources(Machine.class)
                        .inNamespace(ns)
                        .withName(machine.getMetadata().getName())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspended\":true}}");
                String name = machine.getMetadata().getName();
                await().atMost(Duration.ofSeconds(10)).until(() -> operation(fixtures, ns, name) != null);
                recorded = operation(fixtures, ns, name);
                first.kill();
            }
            String id = machine.getSpec().getExternalId();
            assertThat(akua.operation(recorded.getId()).orElseThrow().done())
                    .as("still running at the kill")
                    .isFalse();

            try (OperatorProcess second =
                    OperatorProcess.start("restart-second", server.kubeConfigFile(), INSECURE, logs)) {
                second.awaitStarted(Duration.ofMinutes(2));
                await().atMost(OPERATION.plusSeconds(10)).untilAsserted(() -> {
                    Machine m = fixtures.get(
                            Machine.class, ns, machine.getMetadata().getName());
                    assertThat(m.getStatus().getPhase()).isEqualTo(MachinePhase.Suspended);
                    assertThat(m.getStatus().getOperation()).isNull();
                    assertThat(m.getStatus().getLastOperation().getId()).isEqualTo(recorded.getId());
                    Condition ready = ClusterFixtures.condition(m.getStatus().getConditions(), "Ready");
                    assertThat(ready.getStatus()).isEqualTo(Condition.Status.True);
                });
                assertThat(second.log()).contains("operation " + recorded.getId() + " succeeded");
            }
            List<LifecycleRequest> requests = akua.lifecycleRequests().stream()
                    .filter(r -> r.machineId().equals(id))
                    .toList();
            assertThat(requests).singleElement().satisfies(r -> assertThat(r.idempotencyKey())
                    .isEqualTo(recorded.getIdempotencyKey()));
            assertThat(akua.operations()).singleElement().satisfies(o -> assertThat(o.state())
                    .isEqualTo("SUCCEEDED"));
        }
    }

    private static MachineOperation operation(ClusterFixtures fixtures, String ns, String name) {
        Machine m = fixtures.get(Machine.class, ns, name);
        return m.getStatus() == null ? null : m.getStatus().getOperation();
    }
}
