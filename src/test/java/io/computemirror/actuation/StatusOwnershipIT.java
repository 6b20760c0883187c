package io.computemirror.actuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.FieldManagers;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineSchedule;
import io.computemirror.api.v1alpha1.MachineScheduleSpec;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.AkuaSimulator;
import io.computemirror.testing.ApiServerProfile;
import io.computemirror.testing.ClusterFixtures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The owner table of the API package's doc comment, as the API server records it: one Machine goes through a sync,
 * a suspend, a resume and a schedule's decision, and after each step every top-level status field has exactly one
 * field manager in {@code metadata.managedFields}, the one the table names.
 */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class StatusOwnershipIT {

    private static final Duration OPERATION = Duration.ofSeconds(2);

    /** Machine status field → its field manager, as the table says. */
    private static final Map<String, String> MACHINE_OWNERS = machineOwners();

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
    void everyStatusFieldOfAMachineHasTheOneOwnerTheTableNamesThroughSyncSuspendResumeAndASchedule() {
        String ns = "status-owners";
        fixtures = new ClusterFixtures(client);
        akua = new AkuaSimulator()
                .withMachines(1)
                .withOperationDuration(OPERATION)
                .start();
        akua.machineIds().forEach(id -> akua.setState(id, "ACTIVE"));
        fixtures.namespace(ns);
        fixtures.provider(ns, "akua", ProviderType.Akua, akua.baseUrl(), AkuaSimulator.DEFAULT_TOKEN, "10m", "10m");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> assertThat(
                        fixtures.list(Machine.class, ns))
                .singleElement()
                .satisfies(m -> assertThat(m.getStatus().getPhase()).isEqualTo(MachinePhase.Running)));
        String name = fixtures.list(Machine.class, ns).get(0).getMetadata().getName();
        Set<String> seen = new TreeSet<>();

        // The sync alone.
        seen.addAll(assertOwners(fixtures.get(Machine.class, ns, name)));

        // A suspend: the actuation's operation while it runs, then its lastOperation.
        patchSpec(ns, name, "{\"spec\":{\"suspended\":true}}");
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> fixtures.get(Machine.class, ns, name).getStatus().getOperation() != null);
        seen.addAll(assertOwners(fixtures.get(Machine.class, ns, name)));
        seen.addAll(assertOwners(awaitReady(ns, name, MachinePhase.Suspended)));

        // A resume.
        patchSpec(ns, name, "{\"spec\":{\"suspended\":false}}");
        seen.addAll(assertOwners(awaitReady(ns, name, MachinePhase.Running)));

        // A schedule's decision: without spec.suspended the schedule decides, and the machine is suspended again.
        patchSpec(ns, name, "{\"spec\":{\"suspended\":null}}");
        schedule(ns);
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    Machine m = fixtures.get(Machine.class, ns, name);
                    assertThat(m.getStatus().getDesiredSuspendedBy()).isEqualTo("MachineSchedule/nights");
                    assertThat(m.getStatus().getPhase()).isEqualTo(MachinePhase.Suspended);
                    assertThat(m.getStatus().getOperation()).isNull();
                    assertThat(ClusterFixtures.condition(m.getStatus().getConditions(), "Ready")
                                    .getStatus())
                            .isEqualTo(Condition.Status.True);
                });
        seen.addAll(assertOwners(fixtures.get(Machine.class, ns, name)));

        // Every writer of the table was seen at work, with the fields it owns.
        assertThat(seen)
                .contains(
                        "phase",
                        "providerType",
                        "suspension",
                        "observedGeneration",
                        "conditions",
                        "operation",
                        "lastOperation",
                        "desiredSuspended",
                        "desiredSuspendedBy");
        // The other kinds of the run: one owner for their whole status.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(statusOwners(fixtures.get(MachineSchedule.class, ns, "nights")))
                        .isNotEmpty()
                        .allSatisfy((field, managers) ->
                                assertThat(managers).as(field).containsExactly(FieldManagers.SCHEDULE)));
        assertThat(statusOwners(fixtures.get(ComputeProvider.class, ns, "akua")))
                .isNotEmpty()
                .allSatisfy((field, managers) ->
                        assertThat(managers).as(field).containsExactly(FieldManagers.PROVIDER_STATUS));
    }

    /** Asserts the table for this Machine; returns its status fields. */
    private static Set<String> assertOwners(Machine machine) {
        Map<String, Set<String>> owners = statusOwners(machine);
        JsonNode status = Serialization.jsonMapper().valueToTree(machine.getStatus());
        Set<String> present = new TreeSet<>();
        status.fieldNames().forEachRemaining(present::add);
        assertThat(owners.keySet()).as("fields with an owner").isEqualTo(present);
        owners.forEach((field, managers) -> assertThat(managers)
                .as("managers of status." + field + " in "
                        + machine.getMetadata().getManagedFields())
                .containsExactly(MACHINE_OWNERS.getOrDefault(field, "(not in the table)")));
        return present;
    }

    /** Top-level status field → the field managers whose {@code fieldsV1} name it. */
    private static Map<String, Set<String>> statusOwners(HasMetadata object) {
        Map<String, Set<String>> owners = new TreeMap<>();
        for (ManagedFieldsEntry entry : object.getMetadata().getManagedFields()) {
            if (entry.getFieldsV1() == null) {
                continue;
            }
            JsonNode status =
                    Serialization.jsonMapper().valueToTree(entry.getFieldsV1()).path("f:status");
            for (Iterator<String> keys = status.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (key.startsWith("f:")) {
                    owners.computeIfAbsent(key.substring(2), k -> new TreeSet<>())
                            .add(entry.getManager());
                }
            }
        }
        return owners;
    }

    private Machine awaitReady(String ns, String name, MachinePhase phase) {
        await().atMost(OPERATION.plusSeconds(8))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    Machine m = fixtures.get(Machine.class, ns, name);
                    assertThat(m.getStatus().getPhase()).isEqualTo(phase);
                    assertThat(m.getStatus().getOperation()).isNull();
                    Condition ready = ClusterFixtures.condition(m.getStatus().getConditions(), "Ready");
                    assertThat(ready.getStatus()).isEqualTo(Condition.Status.True);
                    assertThat(ready.getObservedGeneration())
                            .isEqualTo(m.getMetadata().getGeneration());
                });
        return fixtures.get(Machine.class, ns, name);
    }

    private void patchSpec(String ns, String name, String patch) {
        client.resources(Machine.class)
                .inNamespace(ns)
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    /** Suspended from every minute on, resumed only on 1 January: a suspend edge at most a minute old. */
    private void schedule(String ns) {
        MachineSchedule s = new MachineSchedule();
        s.setMetadata(
                new ObjectMetaBuilder().withName("nights").withNamespace(ns).build());
        MachineScheduleSpec spec = new MachineScheduleSpec();
        spec.setSelector(new LabelSelectorBuilder()
                .withMatchLabels(Map.of(ApiConstants.LABEL_PROVIDER, "akua"))
                .build());
        spec.setWindows(List.of(new MachineScheduleSpec.Window("* * * * *", "0 0 1 1 *")));
        s.setSpec(spec);
        client.resource(s).create();
    }

    private static Map<String, String> machineOwners() {
        Map<String, String> owners = new TreeMap<>();
        for (String field : List.of(
                "phase",
                "providerState",
                "providerType",
                "name",
                "providerId",
                "addresses",
                "runtime",
                "runtimeVersion",
                "memory",
                "node",
                "clusterId",
                "createdAt",
                "updatedAt",
                "suspension",
                "goneSince",
                "observedGeneration",
                "conditions")) {
            owners.put(field, FieldManagers.SYNC);
        }
        owners.put("operation", FieldManagers.ACTUATION);
        owners.put("lastOperation", FieldManagers.ACTUATION);
        owners.put("desiredSuspended", FieldManagers.SCHEDULE);
        owners.put("desiredSuspendedBy", FieldManagers.SCHEDULE);
        return owners;
    }
}
