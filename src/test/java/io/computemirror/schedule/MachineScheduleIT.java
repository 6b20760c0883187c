package io.computemirror.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.computemirror.actuation.DesiredSuspension;
import io.computemirror.api.v1alpha1.AkuaSpec;
import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineSchedule;
import io.computemirror.api.v1alpha1.MachineScheduleSpec;
import io.computemirror.api.v1alpha1.MachineScheduleStatus.Problem;
import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.api.v1alpha1.SecretKeyRef;
import io.computemirror.sandbox.AkuaSimulator;
import io.computemirror.sandbox.AkuaSimulator.LifecycleRequest;
import io.computemirror.testing.ApiServerProfile;
import io.computemirror.testing.ClusterFixtures;
import io.computemirror.testing.Kstatus;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Schedules and suspension costs with the operator (Quarkus app) against a real API server and the Akua simulator.
 * Accounts poll every 10 minutes unless a test says otherwise: what happens after the first sync is the schedule's
 * and the actuation's doing.
 */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class MachineScheduleIT {

    private static final Duration OPERATION = Duration.ofSeconds(2);
    /** Suspended from every minute on (the suspend edge is at most a minute old), resumed only on 1 January. */
    private static final MachineScheduleSpec.Window ALWAYS_SUSPENDED =
            new MachineScheduleSpec.Window("* * * * *", "0 0 1 1 *");

    @Inject
    KubernetesClient client;

    private ClusterFixtures fixtures;
    private AkuaSimulator akua;

    @AfterEach
    void stopSimulator() {
        if (akua != null) {
            akua.close();
        }
    }

    @Test
    void aPausedScheduleDoesNothingAndOnceResumedAppliesTheStateThatHoldsNowExceptOnASkippedMachine() {
        String ns = setUp("schedule-paused", 3);
        List<Machine> machines = sorted(ns);
        MachineSchedule schedule = schedule(ns, "nights", true, ALWAYS_SUSPENDED);

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            MachineSchedule s = fixtures.get(MachineSchedule.class, ns, "nights");
            Condition ready = ClusterFixtures.condition(s.getStatus().getConditions(), "Ready");
            assertThat(ready.getReason()).isEqualTo("Paused");
            assertThat(ready.getStatus()).isEqualTo(Condition.Status.True);
            assertThat(s.getStatus().getMatchedMachines()).isEqualTo(3);
            assertThat(s.getStatus().getLastTransition().getAction())
                    .isEqualTo(io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action.Suspend);
            assertThat(Kstatus.of(client, s).status()).isEqualTo("Current");
        });
        // Paused: nothing is acted on, however long it stays so.
        await().during(OPERATION.multipliedBy(3))
                .atMost(OPERATION.multipliedBy(4))
                .untilAsserted(() -> assertThat(akua.lifecycleRequests()).isEmpty());
        assertThat(sorted(ns)).allSatisfy(m -> assertThat(m.getStatus().getDesiredSuspendedBy())
                .isNull());

        // One machine is exempt for an hour; unpausing applies the state that holds now to the other two.
        Machine skipped = machines.get(2);
        String until = Instant.now().plus(Duration.ofHours(1)).toString();
        client.resources(Machine.class)
                .inNamespace(ns)
                .withName(skipped.getMetadata().getName())
                .edit(m -> {
                    m.getMetadata().getAnnotations().put(ApiConstants.ANNOTATION_SCHEDULE_SKIP_UNTIL, until);
                    return m;
                });
        Instant unpaused = Instant.now();
        client.resources(MachineSchedule.class)
                .inNamespace(ns)
                .withName(schedule.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":false}}");
        for (Machine m : machines.subList(0, 2)) {
            awaitPhase(ns, m, MachinePhase.Suspended, Duration.ofSeconds(10));
        }
        assertThat(Duration.between(unpaused, Instant.now())).isLessThan(Duration.ofSeconds(10));
        Machine suspended =
                fixtures.get(Machine.class, ns, machines.get(0).getMetadata().getName());
        assertThat(suspended.getStatus().getDesiredSuspendedBy()).isEqualTo("MachineSchedule/nights");
        assertThat(suspended.getStatus().getDesiredSuspended()).isTrue();
        // The key of the schedule's edge (a suspend every minute: the minute the operation started, or the one
        // before should it have started just after a minute began), never the spec's uid/generation key.
        LastOperation last = suspended.getStatus().getLastOperation();
        String scheduleUid =
                fixtures.get(MachineSchedule.class, ns, "nights").getMetadata().getUid();
        Instant minute = Instant.parse(last.getStartedAt()).truncatedTo(ChronoUnit.MINUTES);
        List<String> edgeKeys = List.of(minute, minute.minusSeconds(60)).stream()
                .map(at -> new DesiredSuspension(
                                true,
                                "MachineSchedule/nights",
                                ScheduleRules.edgeKey(
                                        suspended.getMetadata().getUid(),
                                        scheduleUid,
                                        new Timetable.Edge(at, null, Action.Suspend, 0)))
                        .idempotencyKey())
                .toList();
        assertThat(last.getIdempotencyKey())
                .as("the schedule edge's idempotency key")
                .isIn(edgeKeys)
                .isNotEqualTo(DesiredSuspension.bySpec(
                                true,
                                suspended.getMetadata().getUid(),
                                suspended.getMetadata().getGeneration())
                        .idempotencyKey());
        assertThat(ClusterFixtures.condition(suspended.getStatus().getConditions(), "Ready")
                        .getStatus())
                .isEqualTo(Condition.Status.True);
        assertThat(requestsFor(skipped)).isEmpty();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            MachineSchedule s = fixtures.get(MachineSchedule.class, ns, "nights");
            assertThat(s.getStatus().getMachinesInDesiredState()).isEqualTo(2);
            assertThat(s.getStatus().getProblems()).singleElement().satisfies(p -> {
                assertThat(p.getMachine()).isEqualTo(skipped.getMetadata().getName());
                assertThat(p.getReason()).isEqualTo(Problem.Reason.Skipped);
                assertThat(p.getMessage()).contains(until);
            });
            assertThat(ClusterFixtures.condition(s.getStatus().getConditions(), "Ready")
                            .getStatus())
                    .isEqualTo(Condition.Status.True);
            // One Event per machine and edge: this schedule has an edge every minute, so a minute that begins while
            // this waits adds one more on each machine (CI saw it). Never one on the skipped machine.
            assertThat(fixtures.events(ns, "ScheduledSuspend"))
                    .extracting(e -> e.getInvolvedObject().getName())
                    .containsOnly(
                            machines.get(0).getMetadata().getName(),
                            machines.get(1).getMetadata().getName());
        });

        // The skip is lifted: the machine follows the schedule at once, not at its next edge.
        client.resources(Machine.class)
                .inNamespace(ns)
                .withName(skipped.getMetadata().getName())
                .edit(m -> {
                    m.getMetadata().getAnnotations().remove(ApiConstants.ANNOTATION_SCHEDULE_SKIP_UNTIL);
                    return m;
                });
        awaitPhase(ns, skipped, MachinePhase.Suspended, Duration.ofSeconds(10));
        assertThat(requestsFor(skipped)).singleElement().satisfies(r -> assertThat(r.action())
                .isEqualTo(AkuaSimulator.Action.SUSPEND));
        // One operation per machine for this edge, whatever happened in between.
        assertThat(akua.lifecycleRequests()).hasSize(3);
    }

    @Test
    void twoSchedulesSelectingAMachineTheOlderGovernsAndBothReportTheConflict() throws InterruptedException {
        String ns = setUp("schedule-conflict", 1);
        Machine machine = sorted(ns).get(0);
        schedule(ns, "older", false, ALWAYS_SUSPENDED);
        awaitPhase(ns, machine, MachinePhase.Suspended, Duration.ofSeconds(10));
        Thread.sleep(1100); // creation timestamps have whole seconds: make "newer" strictly newer
        // The newer one says running: it loses.
        schedule(ns, "newer", false, new MachineScheduleSpec.Window("0 0 1 1 *", "* * * * *"));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            for (String name : List.of("older", "newer")) {
                MachineSchedule s = fixtures.get(MachineSchedule.class, ns, name);
                assertThat(s.getStatus().getProblems()).as(name).singleElement().satisfies(p -> assertThat(
                                p.getReason())
                        .isEqualTo(Problem.Reason.Conflict));
            }
            assertThat(fixtures.get(MachineSchedule.class, ns, "newer")
                            .getStatus()
                            .getProblems()
                            .get(0)
                            .getMessage())
                    .contains("MachineSchedule/older");
            assertThat(fixtures.events(ns, "ScheduleConflict")).hasSize(2);
        });
        await().during(OPERATION.multipliedBy(2))
                .atMost(OPERATION.multipliedBy(3))
                .untilAsserted(() -> assertThat(requestsFor(machine)).hasSize(1));
        assertThat(fixtures.get(Machine.class, ns, machine.getMetadata().getName())
                        .getStatus()
                        .getDesiredSuspendedBy())
                .isEqualTo("MachineSchedule/older");

        // The older one goes: the newer one governs, and the machine follows it.
        client.resources(MachineSchedule.class)
                .inNamespace(ns)
                .withName("older")
                .delete();
        awaitPhase(ns, machine, MachinePhase.Running, Duration.ofSeconds(10));
        assertThat(fixtures.get(Machine.class, ns, machine.getMetadata().getName())
                        .getStatus()
                        .getDesiredSuspendedBy())
                .isEqualTo("MachineSchedule/newer");
    }

    @Test
    void suspensionExpiringIsReportedForTheMachineWhoseSnapshotExpiresWithinTheWindowOnly() throws Exception {
        fixtures = new ClusterFixtures(client);
        String ns = fixtures.namespace("suspension-costs");
        akua = new AkuaSimulator()
                .withMachines(2)
                .withOperationDuration(OPERATION)
                .start();
        List<String> ids = akua.machineIds();
        ids.forEach(id -> akua.setState(id, "SUSPENDED"));
        String soon = ids.get(0);
        String later = ids.get(1);
        // 60 h is inside the default window (72 h) but outside this account's 48 h: the setting decides.
        akua.setSuspensionExpiry(soon, Instant.now().plus(Duration.ofHours(24)));
        akua.setSuspensionExpiry(later, Instant.now().plus(Duration.ofHours(60)));
        client.secrets()
                .inNamespace(ns)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("akua-credentials")
                        .endMetadata()
                        .withStringData(Map.of("token", AkuaSimulator.DEFAULT_TOKEN))
                        .build())
                .create();
        ComputeProvider cp = new ComputeProvider();
        cp.setMetadata(
                new ObjectMetaBuilder().withName("akua").withNamespace(ns).build());
        cp.setSpec(new ComputeProviderSpec());
        cp.getSpec().setType(ProviderType.Akua);
        cp.getSpec().setEndpoint(akua.baseUrl());
        cp.getSpec().setCredentialsSecretRef(new SecretKeyRef("akua-credentials", "token"));
        cp.getSpec().setPollInterval("10m");
        cp.getSpec().setAkua(new AkuaSpec());
        cp.getSpec().getAkua().setSuspensionExpiryWarning("48h");
        client.resource(cp).create();

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            Machine expiring = byExternalId(ns, soon);
            assertThat(expiring.getStatus().getSuspension().getExpiringSoon()).isTrue();
            assertThat(expiring.getStatus().getSuspension().getSnapshotId()).isPositive();
            assertThat(expiring.getStatus().getSuspension().getSizeGb()).isPositive();
            Machine fine = byExternalId(ns, later);
            assertThat(fine.getStatus().getSuspension().getExpiringSoon()).isNull();
            assertThat(fine.getStatus().getSuspension().getSnapshotId()).isPositive();
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixtures.events(ns, "SuspensionExpiring"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getInvolvedObject().getName())
                            .isEqualTo(byExternalId(ns, soon).getMetadata().getName());
                    assertThat(e.getMessage()).contains("expires at").contains("resume the machine");
                }));
        long cents = byExternalId(ns, soon).getStatus().getSuspension().getMonthlyCostCents()
                + byExternalId(ns, later).getStatus().getSuspension().getMonthlyCostCents();
        String labels = "computeprovider=\"akua\",namespace=\"" + ns + "\"";
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(metrics())
                .contains("computemirror_suspensions_expiring{" + labels + "} 1.0")
                .contains("computemirror_suspended_storage_monthly_cost_cents{" + labels + "} " + cents + ".0"));
        // No second Event at the next poll while nothing changed.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(
                        fixtures.events(ns, "SuspensionExpiring"))
                .hasSize(1));
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private String setUp(String ns, int machines) {
        fixtures = new ClusterFixtures(client);
        akua = new AkuaSimulator()
                .withMachines(machines)
                .withOperationDuration(OPERATION)
                .start();
        akua.machineIds().forEach(id -> akua.setState(id, "ACTIVE"));
        fixtures.namespace(ns);
        fixtures.provider(ns, "akua", ProviderType.Akua, akua.baseUrl(), AkuaSimulator.DEFAULT_TOKEN, "10m", "10m");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fixtures.list(Machine.class, ns))
                .hasSize(machines)
                .allSatisfy(m -> assertThat(m.getStatus()).isNotNull().satisfies(s -> assertThat(s.getPhase())
                        .isEqualTo(MachinePhase.Running))));
        return ns;
    }

    private MachineSchedule schedule(String ns, String name, boolean paused, MachineScheduleSpec.Window window) {
        MachineSchedule s = new MachineSchedule();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        MachineScheduleSpec spec = new MachineScheduleSpec();
        spec.setSelector(new LabelSelectorBuilder()
                .withMatchLabels(Map.of(ApiConstants.LABEL_PROVIDER, "akua"))
                .build());
        spec.setWindows(List.of(window));
        spec.setPaused(paused);
        s.setSpec(spec);
        return client.resource(s).create();
    }

    private List<Machine> sorted(String ns) {
        return fixtures.list(Machine.class, ns).stream()
                .sorted(java.util.Comparator.comparing(m -> m.getMetadata().getName()))
                .toList();
    }

    private Machine byExternalId(String ns, String id) {
        return fixtures.list(Machine.class, ns).stream()
                .filter(m -> m.getSpec().getExternalId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private void awaitPhase(String ns, Machine machine, MachinePhase phase, Duration atMost) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    Machine m = fixtures.get(
                            Machine.class, ns, machine.getMetadata().getName());
                    assertThat(m.getStatus().getPhase()).isEqualTo(phase);
                    assertThat(m.getStatus().getOperation()).isNull();
                });
    }

    private List<LifecycleRequest> requestsFor(Machine machine) {
        return akua.lifecycleRequests().stream()
                .filter(r -> r.machineId().equals(machine.getSpec().getExternalId()))
                .toList();
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
