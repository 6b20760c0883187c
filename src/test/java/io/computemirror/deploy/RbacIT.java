package io.computemirror.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.CrdFiles;
import io.computemirror.testing.OperatorProcess;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Least-privilege RBAC, end to end: the API server enforces RBAC (kube-api-test runs it with
 * --authorization-mode=RBAC), the chart's rendered ServiceAccount, Roles and bindings are applied, and the packaged
 * operator runs as that ServiceAccount (a TokenRequest token) with the rendered Deployment's environment. It does
 * its whole job (leader election, CRD check, mirrors created, status written, a vanished offer marked Gone and
 * deleted, Events) without a single refusal, and the same identity is refused what the chart does not grant.
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
        for (HasMetadata object : rendered) {
            admin.resource(object).serverSideApply();
        }
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
                KubernetesClient asOperator = new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                        .build();
                OperatorProcess operator = OperatorProcess.start("rbac-operator", kubeconfig, env(container), work)) {
            Cluster.cloreAccount(admin, WATCHED, "clore", clore);

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
                        .allSatisfy(o -> assertThat(o.getStatus()).isNotNull());
            });
            assertThat(Cluster.leaseHolder(admin, OPERATOR_NS, "compute-mirror-leader"))
                    .hasValue("compute-mirror-0");
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

            // Still the leader (renewing the Lease works), and never refused anything.
            assertThat(operator.isAlive()).isTrue();
            assertThat(Cluster.leaseHolder(admin, OPERATOR_NS, "compute-mirror-leader"))
                    .hasValue("compute-mirror-0");
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
