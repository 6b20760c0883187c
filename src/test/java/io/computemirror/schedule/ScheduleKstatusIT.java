package io.computemirror.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineSchedule;
import io.computemirror.api.v1alpha1.MachineScheduleSpec;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.AkuaSimulator;
import io.computemirror.testing.ApiServerProfile;
import io.computemirror.testing.ClusterFixtures;
import io.computemirror.testing.Kstatus;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * What the real kstatus library (Flux's health checks) says about MachineSchedules the operator reconciled on a real
 * API server with the Akua simulator: schedules the API server admits but the operator cannot compute (a cron that
 * never fires, a selector Kubernetes would refuse) are Failed with the reason and act on nothing; fixed, a schedule is
 * InProgress while its machines move and Current once they are in the scheduled state.
 */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class ScheduleKstatusIT {

    private static final LabelSelector AKUA = new LabelSelectorBuilder()
            .withMatchLabels(Map.of(ApiConstants.LABEL_PROVIDER, "akua"))
            .build();

    @Inject
    KubernetesClient client;

    private AkuaSimulator akua;

    @AfterEach
    void stopSimulator() {
        if (akua != null) {
            akua.close();
        }
    }

    @Test
    void invalidSchedulesAreFailedAndActOnNothingAFixedOneIsInProgressThenCurrent() {
        ClusterFixtures fixtures = new ClusterFixtures(client);
        akua = new AkuaSimulator()
                .withMachines(2)
                .withOperationDuration(Duration.ofSeconds(3))
                .start();
        akua.machineIds().forEach(id -> akua.setState(id, "ACTIVE"));
        String ns = fixtures.namespace("schedule-kstatus");
        fixtures.provider(ns, "akua", ProviderType.Akua, akua.baseUrl(), AkuaSimulator.DEFAULT_TOKEN, "10m", "10m");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fixtures.list(Machine.class, ns))
                .hasSize(2)
                .allSatisfy(m -> assertThat(m.getStatus()).isNotNull().satisfies(st -> assertThat(st.getPhase())
                        .isEqualTo(MachinePhase.Running))));

        // 30 February: the admission pattern takes it (every field is in range), but it never fires.
        MachineSchedule never = schedule(ns, "never", AKUA, "0 0 30 2 *");
        // An operator Kubernetes does not know: CRDs do not validate selectors, the operator does.
        MachineSchedule badSelector = schedule(
                ns,
                "bad-selector",
                new LabelSelectorBuilder()
                        .addNewMatchExpression()
                        .withKey(ApiConstants.LABEL_PROVIDER)
                        .withOperator("Equals")
                        .withValues("akua")
                        .endMatchExpression()
                        .build(),
                "* * * * *");
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
            assertFailed(fixtures.get(MachineSchedule.class, ns, "never"), "never fires");
            assertFailed(fixtures.get(MachineSchedule.class, ns, "bad-selector"), "\"Equals\" is not one of In");
            assertThat(Kstatus.of(client, never).message()).contains("spec.windows[0].suspend");
            assertThat(Kstatus.of(client, badSelector).message())
                    .contains("spec.selector.matchExpressions[0].operator");
        });
        assertThat(fixtures.get(MachineSchedule.class, ns, "bad-selector")
                        .getStatus()
                        .getMatchedMachines())
                .isZero();
        assertThat(akua.lifecycleRequests())
                .as("invalid schedules act on nothing")
                .isEmpty();

        // Fixed (suspended from every minute on): InProgress while the machines suspend, then Current.
        client.resources(MachineSchedule.class)
                .inNamespace(ns)
                .withName("bad-selector")
                .delete();
        List<String> verdicts = Collections.synchronizedList(new ArrayList<>());
        client.resources(MachineSchedule.class)
                .inNamespace(ns)
                .withName("never")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"windows\":[{\"suspend\":\"* * * * *\",\"resume\":\"0 0 1 1 *\"}]}}");
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    MachineSchedule live = fixtures.get(MachineSchedule.class, ns, "never");
                    verdicts.add(Kstatus.of(client, live).status());
                    assertThat(live.getStatus().getObservedGeneration()).isEqualTo(2);
                    assertThat(live.getStatus().getMachinesInDesiredState()).isEqualTo(2);
                    assertThat(live.getStatus().getConditions())
                            .extracting(Condition::getType)
                            .doesNotContain("Stalled", "Reconciling");
                    assertThat(verdicts.get(verdicts.size() - 1)).isEqualTo("Current");
                });
        assertThat(verdicts).as("verdicts while the machines suspended").contains("InProgress");
        assertThat(fixtures.list(Machine.class, ns))
                .allSatisfy(m -> assertThat(m.getStatus().getPhase()).isEqualTo(MachinePhase.Suspended));
    }

    private void assertFailed(MachineSchedule schedule, String message) {
        assertThat(schedule.getStatus().getObservedGeneration()).isEqualTo(1);
        Condition ready = ClusterFixtures.condition(schedule.getStatus().getConditions(), "Ready");
        assertThat(ready.getStatus()).isEqualTo(Condition.Status.False);
        assertThat(ready.getReason()).isEqualTo("InvalidSchedule");
        Condition stalled = ClusterFixtures.condition(schedule.getStatus().getConditions(), "Stalled");
        assertThat(stalled.getStatus()).isEqualTo(Condition.Status.True);
        Kstatus.Verdict verdict = Kstatus.of(client, schedule);
        assertThat(verdict.status()).isEqualTo("Failed");
        assertThat(verdict.message()).contains(message);
    }

    private MachineSchedule schedule(String ns, String name, LabelSelector selector, String suspend) {
        MachineSchedule s = new MachineSchedule();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        MachineScheduleSpec spec = new MachineScheduleSpec();
        spec.setSelector(selector);
        spec.setWindows(List.of(new MachineScheduleSpec.Window(suspend, "0 0 1 1 *")));
        s.setSpec(spec);
        return client.resource(s).create();
    }
}
