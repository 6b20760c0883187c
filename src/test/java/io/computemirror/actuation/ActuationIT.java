package io.computemirror.actuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineSpec;
import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.AkuaSimulator;
import io.computemirror.sandbox.AkuaSimulator.Action;
import io.computemirror.sandbox.AkuaSimulator.LifecycleRequest;
import io.computemirror.sandbox.QuivaSimulator;
import io.computemirror.testing.AdmissionDenial;
import io.computemirror.testing.ApiServerProfile;
import io.computemirror.testing.ClusterFixtures;
import io.computemirror.testing.Kstatus;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Suspend and resume end to end: the operator (Quarkus app) against a real API server and the Akua simulator. Each
 * test has its own namespace and simulator, so the simulator's request log is that test's alone. Accounts poll every
 * 10 minutes: everything after the first sync is the actuation's own doing, not a poll's.
 */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class ActuationIT {

    private static final Duration OPERATION = Duration.ofSeconds(2);

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
    void suspendThenResumeTakeOneOperationEachAndReadyFollowsWithinTheOperationTimePlusFiveSeconds() throws Exception {
        String ns = setUp("suspend-resume");
        Machine machine = running(ns);
        String id = machine.getSpec().getExternalId();

        Instant asked = Instant.now();
        setSuspended(ns, machine, true);
        Machine suspended = awaitReady(ns, machine, MachinePhase.Suspended, OPERATION.plusSeconds(5));
        assertThat(Duration.between(asked, Instant.now())).isLessThanOrEqualTo(OPERATION.plusSeconds(5));
        assertThat(akua.machine(id).orElseThrow().state()).isEqualTo("SUSPENDED");
        assertThat(suspended.getStatus().getOperation()).isNull();
        assertThat(suspended.getStatus().getSuspension()).isNotNull();
        assertThat(suspended.getStatus().getObservedGeneration())
                .isEqualTo(suspended.getMetadata().getGeneration());
        LastOperation last = suspended.getStatus().getLastOperation();
        assertThat(last.getResult()).isEqualTo(LastOperation.Result.Succeeded);
        assertThat(last.getGeneration()).isEqualTo(suspended.getMetadata().getGeneration());

        List<LifecycleRequest> requests = requestsFor(id);
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(Action.SUSPEND);
            assertThat(r.ifMatch()).isNotBlank();
            assertThat(r.idempotencyKey()).isEqualTo(last.getIdempotencyKey()).startsWith("cm-suspend-");
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.operationId()).isEqualTo(last.getId());
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(fixtures.events(ns, "SuspendRequested"))
                    .anySatisfy(e -> assertThat(e.getMessage()).contains(last.getId()));
            assertThat(fixtures.events(ns, "Suspended"))
                    .anySatisfy(e -> assertThat(e.getMessage()).contains(last.getId()));
        });

        asked = Instant.now();
        setSuspended(ns, machine, false);
        Machine resumed = awaitReady(ns, machine, MachinePhase.Running, OPERATION.plusSeconds(5));
        assertThat(Duration.between(asked, Instant.now())).isLessThanOrEqualTo(OPERATION.plusSeconds(5));
        assertThat(resumed.getStatus().getSuspension()).isNull();
        assertThat(requestsFor(id)).extracting(LifecycleRequest::action).containsExactly(Action.SUSPEND, Action.RESUME);
        assertThat(akua.operations().stream().filter(o -> o.machineId().equals(id)))
                .hasSize(2);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(fixtures.events(ns, "Resumed")).hasSize(1));
        assertThat(metrics())
                .containsPattern("computemirror_operations_total\\{action=\"suspend\",result=\"succeeded\"\\} [1-9]")
                .containsPattern("computemirror_operations_total\\{action=\"resume\",result=\"started\"\\} [1-9]")
                .contains("computemirror_operation_duration_seconds_count{action=\"suspend\",result=\"succeeded\"}");
    }

    @Test
    void kubectlWaitForReadyReturnsOnceTheSuspendHasFinished() {
        String ns = setUp("kubectl-wait");
        Machine machine = running(ns);
        String id = machine.getSpec().getExternalId();
        akua.withOperationDuration(Duration.ofSeconds(4));

        setSuspended(ns, machine, true);
        TestApiServer.KubectlRun run = TestApiServer.kubectl(
                Path.of(System.getProperty("kubeconfig")),
                Duration.ofSeconds(60),
                "wait",
                "--for=condition=Ready",
                "--timeout=45s",
                "-n",
                ns,
                "machine.computemirror.io/" + machine.getMetadata().getName());
        assertThat(run.exitCode()).as(run.output()).isZero();
        // kubectl returned only when the provider had finished: the condition's observedGeneration kept it waiting
        // while Ready still described the previous generation.
        assertThat(akua.machine(id).orElseThrow().state()).isEqualTo("SUSPENDED");
        assertThat(akua.operations().stream().filter(o -> o.machineId().equals(id)))
                .singleElement()
                .satisfies(o -> assertThat(o.state()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void aFailedOperationBecomesAConditionAndAnEventAndIsNotRetriedUntilTheSpecChanges() {
        String ns = setUp("failed-operation");
        Machine machine = running(ns);
        String id = machine.getSpec().getExternalId();
        akua.failNextOperation("snapshot storage quota exceeded");

        setSuspended(ns, machine, true);
        await().atMost(OPERATION.plusSeconds(5)).untilAsserted(() -> {
            Machine m = fixtures.get(Machine.class, ns, machine.getMetadata().getName());
            Condition ready = ClusterFixtures.condition(m.getStatus().getConditions(), "Ready");
            assertThat(ready.getStatus()).isEqualTo(Condition.Status.False);
            assertThat(ready.getReason()).isEqualTo("OperationFailed");
            assertThat(ready.getMessage()).contains("snapshot storage quota exceeded");
            assertThat(ready.getObservedGeneration()).isEqualTo(m.getMetadata().getGeneration());
            assertThat(m.getStatus().getLastOperation().getResult()).isEqualTo(LastOperation.Result.Failed);
        });
        String opId = requestsFor(id).get(0).operationId();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixtures.events(ns, "OperationFailed"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).contains(opId).contains("snapshot storage quota exceeded");
                }));
        // No automatic retry: three more operation times pass without a second request.
        await().during(OPERATION.multipliedBy(3))
                .atMost(OPERATION.multipliedBy(4))
                .untilAsserted(() -> assertThat(requestsFor(id)).hasSize(1));
        assertThat(akua.machine(id).orElseThrow().state()).isEqualTo("ACTIVE");

        // A new desired change is a new attempt, with a new key.
        setSuspended(ns, machine, false);
        setSuspended(ns, machine, true);
        awaitReady(ns, machine, MachinePhase.Suspended, OPERATION.plusSeconds(5));
        assertThat(requestsFor(id))
                .hasSize(2)
                .extracting(LifecycleRequest::idempotencyKey)
                .doesNotHaveDuplicates();
    }

    @Test
    void aStaleEtagIsReadAgainAndRetriedWithTheSameKey() {
        String ns = setUp("stale-etag");
        Machine machine = running(ns);
        String id = machine.getSpec().getExternalId();
        akua.concurrentWriteBeforeNextLifecycle(id);

        setSuspended(ns, machine, true);
        awaitReady(ns, machine, MachinePhase.Suspended, OPERATION.plusSeconds(5));
        List<LifecycleRequest> requests = requestsFor(id);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).status()).isEqualTo(409);
        assertThat(requests.get(1).status()).isEqualTo(202);
        assertThat(requests.get(1).ifMatch()).isNotEqualTo(requests.get(0).ifMatch());
        assertThat(requests)
                .extracting(LifecycleRequest::idempotencyKey)
                .containsOnly(requests.get(0).idempotencyKey());
        assertThat(akua.operationsForIdempotencyKey(requests.get(0).idempotencyKey()))
                .hasSize(1);
    }

    @Test
    void aStatusWriteThatFailsRightAfterThePostNeverStartsASecondOperation() {
        String ns = setUp("crash-after-post");
        Machine machine = running(ns);
        String id = machine.getSpec().getExternalId();
        akua.withOperationDuration(Duration.ofSeconds(10));
        // The API server itself refuses to record the operation, as if the operator had died right after the POST.
        AdmissionDenial denial = AdmissionDenial.ofOperationRecords(client, ns);
        try {
            setSuspended(ns, machine, true);
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(requestsFor(id)).hasSizeGreaterThanOrEqualTo(2));
        } finally {
            denial.lift();
        }
        Machine suspended = awaitReady(ns, machine, MachinePhase.Suspended, Duration.ofSeconds(25));
        List<LifecycleRequest> requests = requestsFor(id);
        String key = requests.get(0).idempotencyKey();
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.idempotencyKey()).isEqualTo(key);
            assertThat(r.operationId()).isEqualTo(requests.get(0).operationId());
        });
        assertThat(akua.operationsForIdempotencyKey(key)).hasSize(1);
        assertThat(akua.operations().stream().filter(o -> o.machineId().equals(id)))
                .hasSize(1);
        assertThat(suspended.getStatus().getLastOperation().getId())
                .isEqualTo(requests.get(0).operationId());
    }

    @Test
    void rapidTogglesEndInTheLastDesiredStateWithoutOverlappingOperations() {
        String ns = setUp("rapid-toggles");
        Machine machine = running(ns);
        String id = machine.getSpec().getExternalId();

        setSuspended(ns, machine, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> !requestsFor(id).isEmpty());
        setSuspended(ns, machine, false);
        setSuspended(ns, machine, true);
        setSuspended(ns, machine, false);
        Machine last = awaitReady(
                ns, machine, MachinePhase.Running, OPERATION.multipliedBy(2).plusSeconds(10));
        assertThat(akua.machine(id).orElseThrow().state()).isEqualTo("ACTIVE");
        assertThat(last.getStatus().getLastOperation().getGeneration())
                .isEqualTo(last.getMetadata().getGeneration());

        List<AkuaSimulator.OperationView> operations =
                akua.operations().stream().filter(o -> o.machineId().equals(id)).toList();
        assertThat(operations)
                .extracting(AkuaSimulator.OperationView::type)
                .containsExactly("machine.suspend", "machine.resume");
        assertThat(operations.get(1).started())
                .isAfterOrEqualTo(operations.get(0).finished());
    }

    @Test
    void theSameManifestAppliedTwiceStartsNoSecondOperation() {
        String ns = setUp("apply-twice");
        Machine machine = running(ns);
        String id = machine.getSpec().getExternalId();
        Machine manifest = new Machine();
        manifest.setMetadata(new ObjectMetaBuilder()
                .withName(machine.getMetadata().getName())
                .withNamespace(ns)
                .build());
        manifest.setSpec(new MachineSpec("akua", id));
        manifest.getSpec().setSuspended(true);

        client.resource(manifest).fieldManager("argocd-controller").serverSideApply();
        awaitReady(ns, machine, MachinePhase.Suspended, OPERATION.plusSeconds(5));
        client.resource(manifest).fieldManager("argocd-controller").serverSideApply();
        await().during(OPERATION.multipliedBy(2))
                .atMost(OPERATION.multipliedBy(3))
                .untilAsserted(() -> assertThat(requestsFor(id)).hasSize(1));
    }

    @Test
    void aSecondResourceNamingAnAlreadyMirroredMachineDoesNotActOnIt() {
        String ns = setUp("duplicate");
        Machine mirror = running(ns);
        String id = mirror.getSpec().getExternalId();
        Machine duplicate = new Machine();
        duplicate.setMetadata(new ObjectMetaBuilder()
                .withName("written-in-git")
                .withNamespace(ns)
                .build());
        duplicate.setSpec(new MachineSpec("akua", id));
        duplicate.getSpec().setSuspended(true);
        client.resource(duplicate).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fixtures.events(ns, "DuplicateMachine"))
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage())
                        .contains(mirror.getMetadata().getName())
                        .contains("set spec.suspended there")));
        await().during(OPERATION.multipliedBy(2))
                .atMost(OPERATION.multipliedBy(3))
                .untilAsserted(() -> assertThat(requestsFor(id)).isEmpty());
        assertThat(akua.machine(id).orElseThrow().state()).isEqualTo("ACTIVE");
    }

    @Test
    void suspendedOnAQuivaMachineIsRefusedAtAdmissionAndByAConditionWhenAdmissionCouldNotTell() {
        fixtures = new ClusterFixtures(client);
        String ns = fixtures.namespace("quiva");
        try (QuivaSimulator quiva = new QuivaSimulator().withMachines(2).start()) {
            String byHandId = quiva.machines().get(1).id();
            Machine byHand = new Machine();
            byHand.setMetadata(new ObjectMetaBuilder()
                    .withName("from-git")
                    .withNamespace(ns)
                    .build());
            byHand.setSpec(new MachineSpec("quiva", byHandId));
            byHand.getSpec().setSuspended(true);
            client.resource(byHand).create();
            fixtures.provider(
                    ns, "quiva", ProviderType.Quiva, quiva.baseUrl(), QuivaSimulator.DEFAULT_TOKEN, "10m", "10m");
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                Machine m = fixtures.get(Machine.class, ns, "from-git");
                Condition ready = ClusterFixtures.condition(m.getStatus().getConditions(), "Ready");
                assertThat(ready.getReason()).isEqualTo("SuspendNotSupported");
                assertThat(ready.getMessage()).contains("Quiva").contains("remove spec.suspended");
            });
            // The actuation looks again 10 s after it found no ComputeProvider for the machine.
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(fixtures.events(ns, "SuspendNotSupported"))
                            .singleElement()
                            .satisfies(e -> assertThat(e.getMessage()).contains("not supported for Quiva machines")));

            // Admission sees the provider type once the sync has written it into the status.
            await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.list(Machine.class, ns).stream()
                    .anyMatch(m -> !m.getMetadata().getName().equals("from-git")
                            && m.getStatus() != null
                            && m.getSpec().getProviderRef().getName().equals("quiva")
                            && m.getStatus().getProviderType() == ProviderType.Quiva));
            Machine mirrored = fixtures.list(Machine.class, ns).stream()
                    .filter(m -> !m.getMetadata().getName().equals("from-git"))
                    .findFirst()
                    .orElseThrow();
            assertThat(mirrored.getSpec().getProviderRef().getName()).isEqualTo("quiva");
            assertThatThrownBy(() -> setSuspended(ns, mirrored, true))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(422);
                        assertThat(e.getMessage())
                                .contains("spec.suspended")
                                .contains("only Akua machines can be suspended");
                    });
        }
    }

    @Test
    void kstatusSeesAnOperationAsInProgressThenCurrentAndAFailureAsFailedUntilTheSpecChanges() {
        String ns = setUp("kstatus");
        Machine machine = running(ns);
        String name = machine.getMetadata().getName();
        akua.withOperationDuration(Duration.ofSeconds(6));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(kstatus(ns, name).status()).isEqualTo("Current"));

        setSuspended(ns, machine, true);
        awaitOperationRecorded(ns, name);
        assertThat(kstatus(ns, name).status()).isEqualTo("InProgress");
        // The sync's part (observedGeneration) follows the operation record by a moment; then kstatus quotes
        // Reconciling, still well inside the 6 s operation.
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            Kstatus.Verdict during = kstatus(ns, name);
            assertThat(during.status()).as(during.message()).isEqualTo("InProgress");
            assertThat(during.message()).contains("running at the provider");
        });
        assertThat(akua.operations().stream()
                        .filter(o -> o.machineId().equals(machine.getSpec().getExternalId())))
                .singleElement()
                .satisfies(o -> assertThat(o.done()).isFalse());
        Machine suspended = awaitReady(ns, machine, MachinePhase.Suspended, Duration.ofSeconds(6 + 5));
        assertThat(suspended.getStatus().getConditions())
                .extracting(Condition::getType)
                .doesNotContain("Reconciling", "Stalled");
        assertThat(kstatus(ns, name).status()).isEqualTo("Current");

        akua.withOperationDuration(OPERATION);
        akua.failNextOperation("snapshot storage quota exceeded");
        setSuspended(ns, machine, false);
        await().atMost(OPERATION.plusSeconds(5)).untilAsserted(() -> {
            Kstatus.Verdict failed = kstatus(ns, name);
            assertThat(failed.status()).as(failed.message()).isEqualTo("Failed");
            assertThat(failed.message()).contains("snapshot storage quota exceeded");
            Condition stalled = ClusterFixtures.condition(
                    fixtures.get(Machine.class, ns, name).getStatus().getConditions(), "Stalled");
            assertThat(stalled.getReason()).isEqualTo("OperationFailed");
        });
        // Failed until the spec changes: back to suspended (where the machine still is), nothing to do, Current.
        setSuspended(ns, machine, true);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(kstatus(ns, name).status()).isEqualTo("Current"));
        assertThat(requestsFor(machine.getSpec().getExternalId())).hasSize(2);
    }

    @Test
    void aPausedAccountHoldsTheSuspendWithoutReadingItsSecretAndSendsItOnceUnpaused() {
        String ns = setUp("paused");
        Machine machine = running(ns);
        String name = machine.getMetadata().getName();
        String id = machine.getSpec().getExternalId();
        setPaused(ns, true);
        // With the Secret gone, any read of it would show as WaitingForAccount instead of AccountPaused.
        client.secrets().inNamespace(ns).withName("akua-credentials").delete();

        setSuspended(ns, machine, true);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Condition reconciling = ClusterFixtures.condition(
                    fixtures.get(Machine.class, ns, name).getStatus().getConditions(), "Reconciling");
            assertThat(reconciling.getStatus()).isEqualTo(Condition.Status.True);
            assertThat(reconciling.getReason()).isEqualTo("AccountPaused");
            assertThat(reconciling.getMessage()).contains("spec.paused: true");
            assertThat(fixtures.events(ns, "AccountPaused")).singleElement().satisfies(e -> assertThat(e.getMessage())
                    .contains("suspend waits"));
        });
        assertThat(kstatus(ns, name).status()).isEqualTo("InProgress");
        await().during(OPERATION.multipliedBy(2))
                .atMost(OPERATION.multipliedBy(3))
                .untilAsserted(() -> assertThat(requestsFor(id)).isEmpty());
        assertThat(ClusterFixtures.condition(
                                fixtures.get(Machine.class, ns, name)
                                        .getStatus()
                                        .getConditions(),
                                "Reconciling")
                        .getReason())
                .isEqualTo("AccountPaused");

        client.secrets()
                .inNamespace(ns)
                .resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                        .withNewMetadata()
                        .withName("akua-credentials")
                        .endMetadata()
                        .withStringData(java.util.Map.of("token", AkuaSimulator.DEFAULT_TOKEN))
                        .build())
                .create();
        Instant unpaused = Instant.now();
        setPaused(ns, false);
        awaitReady(ns, machine, MachinePhase.Suspended, OPERATION.plusSeconds(5));
        assertThat(Duration.between(unpaused, Instant.now())).isLessThanOrEqualTo(OPERATION.plusSeconds(5));
        assertThat(requestsFor(id)).singleElement().satisfies(r -> assertThat(r.action())
                .isEqualTo(Action.SUSPEND));
        assertThat(kstatus(ns, name).status()).isEqualTo("Current");
    }

    @Test
    void aFollowedOperationNeedsNoSecretReadUntilItEnds() {
        String ns = setUp("follow-without-secret");
        Machine machine = running(ns);
        String name = machine.getMetadata().getName();
        akua.withOperationDuration(Duration.ofSeconds(5));

        setSuspended(ns, machine, true);
        awaitOperationRecorded(ns, name);
        // The checks that follow (about one a second) use the client resolved for the request.
        client.secrets().inNamespace(ns).withName("akua-credentials").delete();
        Machine suspended = awaitReady(ns, machine, MachinePhase.Suspended, Duration.ofSeconds(5 + 5));
        assertThat(suspended.getStatus().getLastOperation().getResult()).isEqualTo(LastOperation.Result.Succeeded);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /** A namespace with an Akua account of 3 ACTIVE machines on a fresh simulator, mirrored. */
    private String setUp(String ns) {
        fixtures = new ClusterFixtures(client);
        akua = new AkuaSimulator()
                .withMachines(3)
                .withOperationDuration(OPERATION)
                .start();
        akua.machineIds().forEach(id -> akua.setState(id, "ACTIVE"));
        fixtures.namespace(ns);
        fixtures.provider(ns, "akua", ProviderType.Akua, akua.baseUrl(), AkuaSimulator.DEFAULT_TOKEN, "10m", "10m");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fixtures.list(Machine.class, ns))
                .hasSize(3)
                .allSatisfy(m -> assertThat(m.getStatus()).isNotNull().satisfies(s -> assertThat(s.getPhase())
                        .isEqualTo(MachinePhase.Running))));
        return ns;
    }

    private Machine running(String ns) {
        return fixtures.list(Machine.class, ns).get(0);
    }

    private void setSuspended(String ns, Machine machine, boolean suspended) {
        client.resources(Machine.class)
                .inNamespace(ns)
                .withName(machine.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspended\":" + suspended + "}}");
    }

    /** Waits until Ready is True for the current generation with the machine in {@code phase}. */
    private Machine awaitReady(String ns, Machine machine, MachinePhase phase, Duration atMost) {
        String name = machine.getMetadata().getName();
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    Machine m = fixtures.get(Machine.class, ns, name);
                    assertThat(m.getStatus().getPhase()).isEqualTo(phase);
                    Condition ready = ClusterFixtures.condition(m.getStatus().getConditions(), "Ready");
                    assertThat(ready.getStatus()).isEqualTo(Condition.Status.True);
                    assertThat(ready.getObservedGeneration())
                            .isEqualTo(m.getMetadata().getGeneration());
                });
        return fixtures.get(Machine.class, ns, name);
    }

    private void setPaused(String ns, boolean paused) {
        client.resources(ComputeProvider.class)
                .inNamespace(ns)
                .withName("akua")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":" + paused + "}}");
    }

    private void awaitOperationRecorded(String ns, String name) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> fixtures.get(Machine.class, ns, name).getStatus().getOperation() != null);
    }

    private Kstatus.Verdict kstatus(String ns, String name) {
        return Kstatus.of(client, fixtures.get(Machine.class, ns, name));
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

    private List<LifecycleRequest> requestsFor(String machineId) {
        return akua.lifecycleRequests().stream()
                .filter(r -> r.machineId().equals(machineId))
                .toList();
    }
}
