package io.computemirror.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Conditions;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferQuery;
import io.computemirror.api.v1alpha1.GpuOfferQuerySpec;
import io.computemirror.api.v1alpha1.GpuOfferQueryStatus;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineSchedule;
import io.computemirror.api.v1alpha1.MachineScheduleSpec;
import io.computemirror.sandbox.AkuaSimulator;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.CrdFiles;
import io.computemirror.testing.OperatorProcess;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Least-privilege RBAC, end to end: the API server enforces RBAC (kube-api-test runs it with
 * --authorization-mode=RBAC), the chart's rendered ServiceAccount, Roles and bindings are applied, and the packaged
 * operator runs as that ServiceAccount (a TokenRequest token) with the rendered Deployment's environment. It does
 * its whole job (leader election creating and renewing the Lease, CRD check, Secrets, exchange rates from a ConfigMap,
 * mirrors of offers and machines created, the status of all five kinds written, a vanished offer marked Gone and
 * deleted, a scheduled suspend, Events created and a repeated one patched) without a single refusal, and the same
 * identity is refused what the chart does not grant.
 */
@ExtendWith(ApiServerExtension.class)
class RbacIT {

    private static final String OPERATOR_NS = Helm.NAMESPACE;
    private static final String WATCHED = "team-a";
    private static final String UNWATCHED = "team-b";
    private static final String SA = "compute-mirror";

    @Test
    void theOperatorDoesItsWholeJobWithTheChartsRbacAndNothingMore(KubernetesClient admin, TestApiServer server)
            throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("watchNamespaces", "{" + WATCHED + "}");
        values.put("replicas", "1");
        values.put("allowInsecureEndpoints", "true"); // the sandbox simulator serves plain http on 127.0.0.1
        List<HasMetadata> rendered = Helm.objects(Helm.find().template(values));

        CrdFiles.install(admin);
        for (String ns : List.of(OPERATOR_NS, WATCHED, UNWATCHED)) {
            Cluster.namespace(admin, ns);
        }
        // Everything but the Lease: the operator creates it, so the chart's create on Leases is exercised too (its
        // renewals exercise update and patch).
        for (HasMetadata object : rendered) {
            if (!(object instanceof Lease)) {
                admin.resource(object).serverSideApply();
            }
        }
        assertThat(rendered).as("the chart renders the Lease").anyMatch(Lease.class::isInstance);
        admin.secrets()
                .inNamespace(UNWATCHED)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("not-yours")
                        .endMetadata()
                        .withStringData(Map.of("token", "SENTINEL-unwatched"))
                        .build())
                .create();

        Path work = Files.createTempDirectory("rbac-it");
        Path kubeconfig = Cluster.serviceAccountKubeconfig(admin, server.kubeConfigYaml(), OPERATOR_NS, SA, work);
        Container container = rendered.stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .findFirst()
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);

        try (CloreSimulator clore = new CloreSimulator().withOffers(10).start();
                AkuaSimulator akua = new AkuaSimulator()
                        .withMachines(1)
                        .withOperationDuration(Duration.ofSeconds(1))
                        .start();
                KubernetesClient asOperator = new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                        .build();
                OperatorProcess operator = OperatorProcess.start("rbac-operator", kubeconfig, env(container), work)) {
            // Prices (USD in the sandbox) normalised to EUR with a rate from a ConfigMap: the operator must get it.
            Instant rateTime = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
            admin.configMaps()
                    .inNamespace(WATCHED)
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("exchange-rates")
                            .endMetadata()
                            .withData(Map.of("USD-EUR", "0.92 " + rateTime, "BTC-EUR", "89000 " + rateTime))
                            .build())
                    .create();
            Cluster.cloreAccount(
                    admin,
                    WATCHED,
                    "clore",
                    clore,
                    "{\"pricing\":{\"currency\":\"EUR\",\"ratesConfigMapRef\":{\"name\":\"exchange-rates\"}}}");

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(operator.isAlive())
                        .as("operator alive; log:\n" + operator.log())
                        .isTrue();
                assertThat(Cluster.ready(Cluster.provider(admin, WATCHED, "clore")))
                        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Polled"));
                assertThat(admin.resources(GpuOffer.class)
                                .inNamespace(WATCHED)
                                .list()
                                .getItems())
                        .hasSize(10)
                        .allSatisfy(o -> assertThat(o.getStatus()).isNotNull())
                        .allSatisfy(o -> assertThat(o.getStatus().getNormalizedPriceProblem())
                                .as("normalised price problem of "
                                        + o.getMetadata().getName())
                                .isNull())
                        .anySatisfy(o -> assertThat(o.getStatus()
                                        .getNormalizedPrice()
                                        .getBasis()
                                        .getRateSource())
                                .contains("ConfigMap")
                                .contains("exchange-rates"));
            });
            assertThat(Cluster.leaseHolder(admin, OPERATOR_NS, "compute-mirror-leader"))
                    .hasValue("compute-mirror-0");
            Instant firstRenewal = Cluster.leaseRenewTime(admin, OPERATOR_NS, "compute-mirror-leader");
            // The probes of the chart: readiness is the operator SDK's check (started, informers synced and watching).
            assertThat(operator.status("/q/health/live")).isEqualTo(200);
            assertThat(operator.get("/q/health/ready")).satisfies(r -> {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body())
                        .contains("Quarkus Operator SDK health check")
                        .contains("\"computeprovider\": \"OK\"");
            });
            assertThat(operator.get("/q/metrics").body())
                    .contains("computemirror_polls_total{")
                    .contains("computeprovider=\"clore\"");

            // Gone, then deleted (goneGracePeriod 0s): status patch and delete are granted.
            assertThat(clore.removeOffers(1)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(operator.isAlive())
                        .as("operator alive; log:\n" + operator.log())
                        .isTrue();
                assertThat(admin.resources(GpuOffer.class)
                                .inNamespace(WATCHED)
                                .list()
                                .getItems())
                        .hasSize(9);
            });
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                            admin.v1().events().inNamespace(WATCHED).list().getItems())
                    .anySatisfy(e -> {
                        assertThat(e.getReason()).isEqualTo("Gone");
                        assertThat(e.getReportingComponent()).isEqualTo("compute-mirror");
                    }));

            // The kinds the rest of the job touches: Machines (mirrors, status, suspend), schedules and queries.
            Cluster.akuaAccount(admin, WATCHED, "akua", akua);
            machinesSchedulesAndQueries(admin, operator);

            // Still the leader, the Lease renewed since, and never refused anything.
            assertThat(operator.isAlive()).isTrue();
            assertThat(Cluster.leaseHolder(admin, OPERATOR_NS, "compute-mirror-leader"))
                    .hasValue("compute-mirror-0");
            assertThat(Cluster.leaseRenewTime(admin, OPERATOR_NS, "compute-mirror-leader"))
                    .isAfter(firstRenewal);
            assertThat(operator.log())
                    .as("operator log")
                    .doesNotContainIgnoringCase("forbidden")
                    .doesNotContain("not recorded")
                    .doesNotContain("SENTINEL");

            // The operator's identity is refused everything the chart does not grant.
            assertRefused(() -> asOperator
                    .secrets()
                    .inNamespace(UNWATCHED)
                    .withName("not-yours")
                    .get());
            assertRefused(() -> asOperator.secrets().inNamespace(WATCHED).list());
            assertRefused(() -> asOperator
                    .secrets()
                    .inNamespace(OPERATOR_NS)
                    .withName("anything")
                    .get());
            assertRefused(() ->
                    asOperator.resources(GpuOffer.class).inNamespace(UNWATCHED).list());
            assertRefused(() -> asOperator
                    .resources(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class)
                    .inNamespace(WATCHED)
                    .resource(new LeaseBuilder()
                            .withNewMetadata()
                            .withName("x")
                            .endMetadata()
                            .build())
                    .create());
            assertRefused(() ->
                    asOperator.apiextensions().v1().customResourceDefinitions().list());
            // ...and allowed what it needs, through the same client.
            assertThat(asOperator
                            .secrets()
                            .inNamespace(WATCHED)
                            .withName("clore")
                            .get())
                    .isNotNull();
        }
    }

    /**
     * Machine mirrors and their status (sync), a suspend (actuation), a schedule's and a query's status, and one
     * Event written twice: the second raises the count of the first (Events patch), as client-go's recorder does.
     */
    private static void machinesSchedulesAndQueries(KubernetesClient admin, OperatorProcess operator) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.resources(Machine.class)
                        .inNamespace(WATCHED)
                        .list()
                        .getItems())
                .singleElement()
                .satisfies(m -> assertThat(m.getStatus()).isNotNull().satisfies(st -> assertThat(st.getPhase())
                        .isEqualTo(MachinePhase.Running))));

        // The older schedule governs the machine and suspends it; the newer one reports the conflict.
        schedule(admin, "a-nights", ApiConstants.LABEL_PROVIDER, "akua");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertThat(operator.isAlive())
                    .as("operator alive; log:\n" + operator.log())
                    .isTrue();
            Machine m = admin.resources(Machine.class)
                    .inNamespace(WATCHED)
                    .list()
                    .getItems()
                    .get(0);
            assertThat(m.getStatus().getPhase()).isEqualTo(MachinePhase.Suspended);
            assertThat(m.getStatus().getDesiredSuspendedBy()).isEqualTo("MachineSchedule/a-nights");
            MachineSchedule a = admin.resources(MachineSchedule.class)
                    .inNamespace(WATCHED)
                    .withName("a-nights")
                    .get();
            assertThat(a.getStatus().getMachinesInDesiredState()).isEqualTo(1);
            assertThat(Conditions.find(a.getStatus().getConditions(), "Ready"))
                    .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("InScheduledState"));
        });
        schedule(admin, "b-nights", ApiConstants.LABEL_PROVIDER, "akua");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(conflictEvents(admin))
                .singleElement()
                .satisfies(e -> assertThat(e.getCount()).isEqualTo(1)));
        // The conflict goes (status written without it) and comes back: the same Warning again.
        selectOnly(admin, "b-nights", "nothing");
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> assertThat(
                        admin.resources(MachineSchedule.class)
                                .inNamespace(WATCHED)
                                .withName("b-nights")
                                .get()
                                .getStatus()
                                .getMatchedMachines())
                .isZero());
        selectOnly(admin, "b-nights", "akua");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(conflictEvents(admin))
                .singleElement()
                .satisfies(e -> assertThat(e.getCount()).isEqualTo(2)));

        GpuOfferQuery query = new GpuOfferQuery();
        query.setMetadata(new ObjectMetaBuilder()
                .withName("any-offer")
                .withNamespace(WATCHED)
                .build());
        GpuOfferQuerySpec spec = new GpuOfferQuerySpec();
        spec.setAvailableOnly(false);
        query.setSpec(spec);
        admin.resource(query).create();
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
            GpuOfferQueryStatus status = admin.resources(GpuOfferQuery.class)
                    .inNamespace(WATCHED)
                    .withName("any-offer")
                    .get()
                    .getStatus();
            assertThat(status.getObservedGeneration()).isEqualTo(1);
            assertThat(status.getMatchedOffers()).isPositive();
        });
    }

    private static List<Event> conflictEvents(KubernetesClient admin) {
        return admin.v1().events().inNamespace(WATCHED).list().getItems().stream()
                .filter(e -> "ScheduleConflict".equals(e.getReason()))
                .filter(e -> "b-nights".equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private static void schedule(KubernetesClient admin, String name, String key, String value) {
        MachineSchedule s = new MachineSchedule();
        s.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(WATCHED).build());
        MachineScheduleSpec spec = new MachineScheduleSpec();
        spec.setSelector(
                new LabelSelectorBuilder().withMatchLabels(Map.of(key, value)).build());
        // Suspended from every minute on, resumed only on 1 January.
        spec.setWindows(List.of(new MachineScheduleSpec.Window("* * * * *", "0 0 1 1 *")));
        s.setSpec(spec);
        admin.resource(s).create();
    }

    private static void selectOnly(KubernetesClient admin, String name, String provider) {
        admin.resources(MachineSchedule.class)
                .inNamespace(WATCHED)
                .withName(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"selector\":{\"matchLabels\":{\"" + ApiConstants.LABEL_PROVIDER + "\":\""
                                + provider + "\"}}}}");
    }

    /** The rendered container's environment, with the downward-API values a kubelet would fill in. */
    private static Map<String, String> env(Container container) {
        Map<String, String> env = new HashMap<>();
        container.getEnv().forEach(e -> {
            if (e.getValueFrom() != null) {
                String field = e.getValueFrom().getFieldRef().getFieldPath();
                env.put(
                        e.getName(),
                        switch (field) {
                            case "metadata.namespace" -> OPERATOR_NS;
                            case "metadata.name" -> "compute-mirror-0";
                            default -> throw new IllegalStateException("unexpected fieldRef " + field);
                        });
            } else {
                env.put(e.getName(), e.getValue());
            }
        });
        env.remove("JAVA_TOOL_OPTIONS"); // the test sets the heap on the command line
        return env;
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(KubernetesClientException.class).satisfies(e -> assertThat(
                        ((KubernetesClientException) e).getCode())
                .isEqualTo(403));
    }
}
