package io.computemirror.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineSchedule;
import io.computemirror.api.v1alpha1.MachineScheduleSpec;
import io.computemirror.api.v1alpha1.MachineScheduleStatus.Problem;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.AkuaSimulator;
import io.computemirror.sandbox.AkuaSimulator.OperationView;
import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.ClusterFixtures;
import io.computemirror.testing.CrdFiles;
import io.computemirror.testing.Kstatus;
import io.computemirror.testing.OperatorProcess;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Issue 17's acceptance: a schedule suspending every even minute and resuming every odd minute over three Akua
 * sandbox machines with {@code maxConcurrent: 2}, the operator a real process that is killed and started again in
 * the middle of a window. A fourth machine with {@code spec.suspended: false} is left running.
 */
@ExtendWith(ApiServerExtension.class)
class MinuteScheduleIT {

    private static final Duration OPERATION = Duration.ofSeconds(2);
    private static final Duration FOLLOW = Duration.ofSeconds(10);
    private static final Map<String, String> INSECURE = Map.of("COMPUTEMIRROR_ALLOW_INSECURE_ENDPOINTS", "true");

    @Test
    void threeMachinesFollowThreeMinuteEdgesWithAtMostTwoOperationsAtOnceAndARestartAddsNoOperation(
            TestApiServer server, KubernetesClient client) throws Exception {
        CrdFiles.install(client);
        ClusterFixtures fixtures = new ClusterFixtures(client);
        String ns = fixtures.namespace("minute-schedule");
        Path logs = Path.of("target", "operator-logs");
        try (AkuaSimulator akua = new AkuaSimulator()
                .withMachines(4)
                .withOperationDuration(OPERATION)
                .start()) {
            akua.machineIds().forEach(id -> akua.setState(id, "ACTIVE"));
            fixtures.provider(ns, "akua", ProviderType.Akua, akua.baseUrl(), AkuaSimulator.DEFAULT_TOKEN, "10m", "10m");

            OperatorProcess first = OperatorProcess.start("schedule-first", server.kubeConfigFile(), INSECURE, logs);
            OperatorProcess second = null;
            try {
                first.awaitStarted(Duration.ofMinutes(2));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(fixtures.list(Machine.class, ns))
                        .hasSize(4)
                        .allSatisfy(m -> assertThat(m.getStatus()).isNotNull().satisfies(s -> assertThat(s.getPhase())
                                .isEqualTo(MachinePhase.Running))));
                List<Machine> all = fixtures.list(Machine.class, ns).stream()
                        .sorted(Comparator.comparing(m -> m.getMetadata().getName()))
                        .toList();
                List<Machine> scheduled = all.subList(0, 3);
                Machine explicit = all.get(3);
                client.resources(Machine.class)
                        .inNamespace(ns)
                        .withName(explicit.getMetadata().getName())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspended\":false}}");

                // Created early in a minute, so that the state that holds at creation settles before the first edge.
                await().atMost(Duration.ofSeconds(70))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> secondOfMinute() >= 3 && secondOfMinute() <= 25);
                createSchedule(client, ns);
                Instant created = Instant.now();
                boolean suspendedAtStart = minute(created) % 2 == 0;
                awaitAll(fixtures, ns, scheduled, suspendedAtStart, created, FOLLOW);

                List<Duration> lags = new ArrayList<>();
                Instant edge = created.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
                int opsBeforeRestart = -1;
                for (int i = 1; i <= 3; i++) {
                    Instant at = edge;
                    await().atMost(Duration.ofSeconds(70))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> !Instant.now().isBefore(at));
                    boolean suspend = minute(edge) % 2 == 0;
                    lags.add(awaitAll(fixtures, ns, scheduled, suspend, edge, FOLLOW));
                    if (i == 2) {
                        // Mid-window: kill the operator and start it again; the provider must see no new operation.
                        opsBeforeRestart = akua.operations().size();
                        first.kill();
                        second = OperatorProcess.start("schedule-second", server.kubeConfigFile(), INSECURE, logs);
                        second.awaitStarted(Duration.ofMinutes(2));
                        Instant nextEdge = edge.plus(Duration.ofMinutes(1));
                        assertThat(Instant.now())
                                .as("the restarted operator is up before the next edge")
                                .isBefore(nextEdge.minusSeconds(8));
                        int expected = opsBeforeRestart;
                        await().during(Duration.ofSeconds(5))
                                .atMost(Duration.ofSeconds(6))
                                .untilAsserted(
                                        () -> assertThat(akua.operations()).hasSize(expected));
                        awaitAll(fixtures, ns, scheduled, suspend, edge, Duration.ofMinutes(1));
                    }
                    edge = edge.plus(Duration.ofMinutes(1));
                }
                assertThat(lags)
                        .as("time from each edge until all three machines were in the scheduled state")
                        .hasSize(3)
                        .allSatisfy(lag -> assertThat(lag).isLessThanOrEqualTo(FOLLOW));

                // The provider's own record: 3 operations an edge (plus 3 at creation if it was in a suspend window),
                // never more than 2 running at once, none on the explicit machine.
                List<OperationView> operations = akua.operations();
                // The figures, for the README and the report.
                System.out.printf(
                        "MinuteScheduleIT: edge-to-state %s, at most %d operations at once, %d operations%n",
                        lags, maxOverlap(operations), operations.size());
                assertThat(operations).hasSize((suspendedAtStart ? 3 : 0) + 9);
                assertThat(maxOverlap(operations))
                        .as("operations running at once")
                        .isEqualTo(2);
                assertThat(operations)
                        .noneMatch(o -> o.machineId().equals(explicit.getSpec().getExternalId()));
                assertThat(opsBeforeRestart).isEqualTo((suspendedAtStart ? 3 : 0) + 6);
                Machine left =
                        fixtures.get(Machine.class, ns, explicit.getMetadata().getName());
                assertThat(left.getStatus().getPhase()).isEqualTo(MachinePhase.Running);
                assertThat(left.getStatus().getDesiredSuspendedBy()).isEqualTo("Spec");

                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                    MachineSchedule s = fixtures.get(MachineSchedule.class, ns, "even-odd");
                    assertThat(s.getStatus().getMatchedMachines()).isEqualTo(4);
                    assertThat(s.getStatus().getMachinesInDesiredState()).isEqualTo(3);
                    assertThat(s.getStatus().getProblems()).singleElement().satisfies(p -> {
                        assertThat(p.getMachine())
                                .isEqualTo(explicit.getMetadata().getName());
                        assertThat(p.getReason()).isEqualTo(Problem.Reason.OverriddenBySpec);
                    });
                    assertThat(s.getStatus().getNextTransition().getTime()).isNotBlank();
                    assertThat(ClusterFixtures.condition(s.getStatus().getConditions(), "Ready")
                                    .getStatus())
                            .isEqualTo(Condition.Status.True);
                    assertThat(Kstatus.of(client, s).status()).isEqualTo("Current");
                });
                assertThat(fixtures.events(ns, "ScheduledSuspend")).isNotEmpty();
                assertThat(fixtures.events(ns, "ScheduledResume")).isNotEmpty();
            } finally {
                first.close();
                if (second != null) {
                    second.close();
                }
            }
        }
    }

    private static void createSchedule(KubernetesClient client, String ns) {
        MachineSchedule s = new MachineSchedule();
        s.setMetadata(
                new ObjectMetaBuilder().withName("even-odd").withNamespace(ns).build());
        MachineScheduleSpec spec = new MachineScheduleSpec();
        spec.setSelector(new LabelSelectorBuilder()
                .withMatchLabels(Map.of(ApiConstants.LABEL_PROVIDER, "akua"))
                .build());
        spec.setWindows(List.of(new MachineScheduleSpec.Window("*/2 * * * *", "1-59/2 * * * *")));
        spec.setMaxConcurrent(2);
        s.setSpec(spec);
        client.resource(s).create();
    }

    /** Waits until every machine is in the state and returns how long after {@code since} that was. */
    private static Duration awaitAll(
            ClusterFixtures fixtures,
            String ns,
            List<Machine> machines,
            boolean suspended,
            Instant since,
            Duration atMost) {
        MachinePhase phase = suspended ? MachinePhase.Suspended : MachinePhase.Running;
        Duration left = atMost.minus(Duration.between(since, Instant.now()));
        await().atMost(left.isNegative() ? Duration.ofMillis(1) : left)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(machines).allSatisfy(m -> {
                    Machine now =
                            fixtures.get(Machine.class, ns, m.getMetadata().getName());
                    assertThat(now.getStatus().getPhase())
                            .as(m.getMetadata().getName())
                            .isEqualTo(phase);
                    assertThat(now.getStatus().getOperation()).isNull();
                }));
        return Duration.between(since, Instant.now());
    }

    /** The largest number of operations running at one instant (intervals from the simulator's exact times). */
    static int maxOverlap(List<OperationView> operations) {
        int max = 0;
        for (OperationView o : operations) {
            Instant t = o.started();
            long running = operations.stream()
                    .filter(p -> !p.started().isAfter(t)
                            && (p.finished() == null || p.finished().isAfter(t)))
                    .count();
            max = Math.max(max, (int) running);
        }
        return max;
    }

    private static int secondOfMinute() {
        return Instant.now().atOffset(ZoneOffset.UTC).getSecond();
    }

    private static int minute(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).getMinute();
    }
}
