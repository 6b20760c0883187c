package io.computemirror.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The Helm chart with the real helm binary: lint, default and non-default renderings (least-privilege RBAC,
 * restricted pod security, probes, resources, settings), deploy/default kept equal to the default rendering, and
 * the rendered manifests accepted by a real API server (server-side dry run; the pod template under Pod Security
 * "restricted" enforcement).
 */
@ExtendWith(ApiServerExtension.class)
class HelmChartIT {

    private static final Map<String, String> NON_DEFAULT = new LinkedHashMap<>();

    static {
        NON_DEFAULT.put("watchNamespaces={team-a,team-b}", null);
        NON_DEFAULT.put("replicas", "1");
        NON_DEFAULT.put("leaderElection.enabled", "false");
        NON_DEFAULT.put("logLevel", "DEBUG");
        NON_DEFAULT.put("allowInsecureEndpoints", "true");
        NON_DEFAULT.put("writeConcurrency", "4");
        NON_DEFAULT.put("nativeCrypto", "false");
        NON_DEFAULT.put("image.repository", "registry.example.com/ops/compute-mirror");
        NON_DEFAULT.put("image.tag", "1.2.3");
        NON_DEFAULT.put("resources.requests.cpu", "250m");
        NON_DEFAULT.put("metrics.serviceMonitor.enabled", "true");
        NON_DEFAULT.put("metrics.serviceMonitor.labels.release", "prometheus");
    }

    private static final Path RULES = Path.of("helm", "compute-mirror", "files", "alerts.yaml");
    private static final Path DASHBOARD = Path.of("helm", "compute-mirror", "files", "dashboard.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Helm helm;
    private static List<HasMetadata> defaults;
    private static List<HasMetadata> nonDefaults;

    @BeforeAll
    static void render() {
        helm = Helm.find();
        defaults = Helm.objects(helm.template(Map.of()));
        nonDefaults = Helm.objects(helm.template(values(NON_DEFAULT)));
    }

    /** --set pairs; a key with a null value is a complete "k=v" expression (for list syntax). */
    private static Map<String, String> values(Map<String, String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        pairs.forEach((k, v) -> {
            if (v == null) {
                int eq = k.indexOf('=');
                out.put(k.substring(0, eq), k.substring(eq + 1));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void helmLintPassesStrictWithDefaultAndNonDefaultValues() {
        List<String> lint = new ArrayList<>(
                List.of("lint", "--strict", "--kube-version", TestApiServer.K8S_VERSION, Helm.CHART.toString()));
        assertThat(helm.run(lint).stdout()).contains("0 chart(s) failed");
        values(NON_DEFAULT).forEach((k, v) -> lint.addAll(List.of("--set", k + "=" + v)));
        assertThat(helm.run(lint).stdout()).contains("0 chart(s) failed");
        // The opt-in templates too.
        assertThat(helm.run(List.of(
                                "lint",
                                "--strict",
                                "--kube-version",
                                TestApiServer.K8S_VERSION,
                                Helm.CHART.toString(),
                                "--set",
                                "prometheusRule.enabled=true",
                                "--set",
                                "grafanaDashboard.enabled=true",
                                "--set",
                                "networkPolicy.enabled=true",
                                "--set",
                                "networkPolicy.apiServer.cidrs={10.0.0.10/32}"))
                        .stdout())
                .contains("0 chart(s) failed");
    }

    @Test
    void defaultRenderingWatchesAllNamespacesWithTwoReplicasAndLeaderElection() {
        assertThat(kinds(defaults))
                .containsExactlyInAnyOrder(
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "ClusterRoleBinding",
                        "Role",
                        "RoleBinding",
                        "Service",
                        "Deployment",
                        "PodDisruptionBudget",
                        "Lease");
        Deployment deployment = one(defaults, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        Container operator =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(operator.getImage()).isEqualTo("ghcr.io/compute-mirror/compute-mirror:0.2.0");
        assertThat(env(operator, "QUARKUS_OPERATOR_SDK_NAMESPACES")).isEqualTo("JOSDK_ALL_NAMESPACES");
        assertThat(env(operator, "COMPUTEMIRROR_LEADER_ELECTION_ENABLED")).isEqualTo("true");
        assertThat(env(operator, "COMPUTEMIRROR_ALLOW_INSECURE_ENDPOINTS")).isEqualTo("false");
        assertThat(env(operator, "COMPUTEMIRROR_NATIVE_CRYPTO")).isEqualTo("true");
        assertThat(env(operator, "QUARKUS_LOG_CATEGORY__IO_COMPUTEMIRROR__LEVEL"))
                .isEqualTo("INFO");
        assertThat(operator.getEnv())
                .filteredOn(e -> e.getName().equals("POD_NAMESPACE"))
                .singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                        .isEqualTo("metadata.namespace"));

        ClusterRole operatorRole = named(defaults, ClusterRole.class, "compute-mirror");
        assertThat(rule(operatorRole.getRules(), "", "secrets").getVerbs()).containsExactly("get");
        assertThat(named(defaults, ClusterRoleBinding.class, "compute-mirror").getSubjects())
                .singleElement()
                .satisfies(s ->
                        assertThat(s.getNamespace() + "/" + s.getName()).isEqualTo("compute-mirror/compute-mirror"));
        Role lease = named(defaults, Role.class, "compute-mirror-leader-election");
        assertThat(lease.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
        assertThat(lease.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(r.getResources()).containsExactly("leases");
            assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "create", "update", "patch");
        });
        assertThat(one(defaults, Service.class).getSpec().getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getName()).isEqualTo("http-metrics"));

        // The two replicas prefer different nodes, and the /tmp emptyDir and the log have storage figures.
        Affinity affinity = deployment.getSpec().getTemplate().getSpec().getAffinity();
        assertThat(affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .isNullOrEmpty();
        assertThat(affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement()
                .satisfies(w -> {
                    assertThat(w.getWeight()).isEqualTo(100);
                    assertThat(w.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(w.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                            .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
                });
        assertThat(operator.getResources()
                        .getRequests()
                        .get("ephemeral-storage")
                        .toString())
                .isEqualTo("32Mi");
        assertThat(operator.getResources().getLimits().get("ephemeral-storage").toString())
                .isEqualTo("128Mi");
        assertThat(operator.getResources().getLimits()).doesNotContainKey("cpu");
    }

    @Test
    void replicasAreSpreadAsAskedAndAnAffinityOfTheUsersOwnWins() {
        PodSpec required = pod(Map.of("spreadAcrossNodes", "required"));
        assertThat(required.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .singleElement()
                .satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
        assertThat(required.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .isNullOrEmpty();

        assertThat(pod(Map.of("spreadAcrossNodes", "none")).getAffinity()).isNull();

        // Another kind of affinity is kept next to the spread; an own podAntiAffinity replaces it.
        PodSpec zoned = pod(Map.of(
                "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                        + ".matchExpressions[0].key",
                "topology.kubernetes.io/zone",
                "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                        + ".matchExpressions[0].operator",
                "Exists"));
        assertThat(zoned.getAffinity().getNodeAffinity()).isNotNull();
        assertThat(zoned.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .hasSize(1);
        PodSpec own = pod(Map.of(
                "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight",
                "7",
                "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm"
                        + ".topologyKey",
                "topology.kubernetes.io/zone"));
        assertThat(own.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement()
                .satisfies(w -> {
                    assertThat(w.getWeight()).isEqualTo(7);
                    assertThat(w.getPodAffinityTerm().getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
                });

        Helm.Result wrong = helm.runAllowingFailure(List.of(
                "template",
                Helm.RELEASE,
                Helm.CHART.toString(),
                "--kube-version",
                TestApiServer.K8S_VERSION,
                "--set",
                "spreadAcrossNodes=always"));
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.stderr()).contains("spreadAcrossNodes must be preferred, required or none");
    }

    @Test
    void thePrometheusRuleIsRenderedOnlyWhenEnabledAndShipsTheTestedRuleFile() throws IOException {
        assertThat(kinds(defaults)).doesNotContain("PrometheusRule");
        assertThat(kinds(nonDefaults)).doesNotContain("PrometheusRule");

        List<HasMetadata> enabled = Helm.objects(helm.template(Map.of(
                "prometheusRule.enabled", "true",
                "prometheusRule.labels.release", "prometheus",
                "prometheusRule.namespace", "monitoring")));
        GenericKubernetesResource rule = prometheusRule(enabled);
        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(rule.getMetadata().getLabels())
                .containsEntry("release", "prometheus")
                .containsEntry("app.kubernetes.io/name", "compute-mirror");
        // Exactly the groups of the file promtool tests, runbook links included.
        JsonNode file = new YAMLMapper().readTree(RULES.toFile());
        JsonNode spec = JSON.valueToTree(rule.getAdditionalProperties().get("spec"));
        assertThat(spec).isEqualTo(file);
        List<JsonNode> alerts = alerts(spec);
        assertThat(alerts)
                .extracting(a -> a.path("alert").asText())
                .containsExactlyInAnyOrder(
                        "ComputeMirrorProviderUnreachable",
                        "ComputeMirrorCredentialsRefused",
                        "ComputeMirrorProviderThrottled",
                        "ComputeMirrorMirrorsStale",
                        "ComputeMirrorOperationStuck",
                        "ComputeMirrorNoLeader",
                        "ComputeMirrorEventsDropped",
                        "ComputeMirrorScheduleBlocked");
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.path("labels").path("severity").asText()).isIn("critical", "warning", "info");
            assertThat(a.path("annotations").path("summary").asText()).isNotBlank();
            assertThat(a.path("annotations").path("description").asText()).isNotBlank();
            assertThat(a.path("annotations").path("runbook_url").asText())
                    .isEqualTo("https://github.com/compute-mirror/compute-mirror/blob/main/docs/alerts.md#"
                            + a.path("alert").asText().toLowerCase());
        });
        // Prometheus expands the annotations' templates, not Helm.
        assertThat(alerts.get(0).path("annotations").path("summary").asText()).contains("{{ $labels.");

        GenericKubernetesResource moved = prometheusRule(Helm.objects(helm.template(Map.of(
                "prometheusRule.enabled", "true",
                "prometheusRule.runbookBaseUrl", "https://wiki.example.com/runbooks/compute-mirror"))));
        assertThat(moved.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
        assertThat(alerts(JSON.valueToTree(moved.getAdditionalProperties().get("spec"))))
                .allSatisfy(a -> assertThat(
                                a.path("annotations").path("runbook_url").asText())
                        .isEqualTo("https://wiki.example.com/runbooks/compute-mirror#"
                                + a.path("alert").asText().toLowerCase()));
    }

    @Test
    void theDashboardIsAConfigMapForGrafanasSidecarOnlyWhenEnabled() throws IOException {
        assertThat(of(defaults, ConfigMap.class)).isEmpty();

        ConfigMap dashboard = one(
                Helm.objects(helm.template(Map.of(
                        "grafanaDashboard.enabled", "true",
                        "grafanaDashboard.namespace", "grafana",
                        "grafanaDashboard.annotations.grafana_folder", "Operators"))),
                ConfigMap.class);
        assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("grafana");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Operators");
        assertThat(dashboard.getData()).containsOnlyKeys("compute-mirror.json");
        JsonNode json = JSON.readTree(dashboard.getData().get("compute-mirror.json"));
        assertThat(json).isEqualTo(JSON.readTree(DASHBOARD.toFile()));
        assertThat(json.path("uid").asText()).isEqualTo("compute-mirror");
        assertThat(json.path("panels").findValuesAsText("title")).contains("Providers", "Sync", "Actuation", "Market");

        ConfigMap relabelled = one(
                Helm.objects(helm.template(Map.of(
                        "grafanaDashboard.enabled", "true",
                        "grafanaDashboard.labels.grafana_dashboard", "compute",
                        "grafanaDashboard.labels.team", "platform"))),
                ConfigMap.class);
        assertThat(relabelled.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
        assertThat(relabelled.getMetadata().getLabels())
                .containsEntry("grafana_dashboard", "compute")
                .containsEntry("team", "platform");
    }

    @Test
    void theNetworkPolicyLetsInOnlyTheHttpPortAndOutOnlyTheApiServerDnsAndProviders() {
        assertThat(of(defaults, NetworkPolicy.class)).isEmpty();

        Helm.Result withoutApiServer = helm.runAllowingFailure(List.of(
                "template",
                Helm.RELEASE,
                Helm.CHART.toString(),
                "--kube-version",
                TestApiServer.K8S_VERSION,
                "--set",
                "networkPolicy.enabled=true"));
        assertThat(withoutApiServer.exitCode()).isNotZero();
        assertThat(withoutApiServer.stderr()).contains("networkPolicy.enabled needs networkPolicy.apiServer.cidrs");

        NetworkPolicy policy = one(
                Helm.objects(helm.template(Map.of(
                        "networkPolicy.enabled", "true",
                        "networkPolicy.apiServer.cidrs", "{10.0.0.10/32,10.0.0.11/32}"))),
                NetworkPolicy.class);
        Deployment deployment = one(defaults, Deployment.class);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(in -> {
            assertThat(in.getPorts())
                    .singleElement()
                    .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http"));
            assertThat(in.getFrom()).isNullOrEmpty();
        });
        List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
        assertThat(egress).hasSize(3);
        assertThat(egress.get(0).getTo())
                .extracting(p -> p.getIpBlock().getCidr())
                .containsExactly("10.0.0.10/32", "10.0.0.11/32");
        assertThat(egress.get(0).getPorts())
                .extracting(p -> p.getPort().getIntVal())
                .containsExactly(443, 6443);
        assertThat(egress.get(1).getTo())
                .singleElement()
                .satisfies(p -> assertThat(p.getPodSelector().getMatchLabels()).containsEntry("k8s-app", "kube-dns"));
        assertThat(egress.get(1).getPorts())
                .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                .containsExactlyInAnyOrder("UDP/53", "TCP/53");
        assertThat(egress.get(2).getTo()).singleElement().satisfies(p -> {
            assertThat(p.getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
            assertThat(p.getIpBlock().getExcept()).contains("10.0.0.0/8", "169.254.0.0/16");
        });
        assertThat(egress.get(2).getPorts())
                .extracting(p -> p.getPort().getIntVal())
                .containsExactly(443);
        // Nothing else leaves: every rule names its peers and its ports.
        assertThat(egress).allSatisfy(r -> {
            assertThat(r.getTo()).isNotEmpty();
            assertThat(r.getPorts()).isNotEmpty();
        });
    }

    @Test
    void deployMonitoringIsTheChartsMonitoringRendering() throws IOException {
        String expected =
                "# Generated by hack/render-deploy.sh from helm/compute-mirror with metrics.serviceMonitor.enabled,\n"
                        + "# prometheusRule.enabled and grafanaDashboard.enabled; do not edit.\n"
                        + helm.template(
                                Map.of(
                                        "metrics.serviceMonitor.enabled", "true",
                                        "prometheusRule.enabled", "true",
                                        "grafanaDashboard.enabled", "true"),
                                "--show-only",
                                "templates/servicemonitor.yaml",
                                "--show-only",
                                "templates/prometheusrule.yaml",
                                "--show-only",
                                "templates/grafana-dashboard.yaml");
        assertThat(Files.readString(Path.of("deploy", "monitoring", "compute-mirror-monitoring.yaml")))
                .as("deploy/monitoring/compute-mirror-monitoring.yaml is not the chart's monitoring rendering: run"
                        + " hack/render-deploy.sh and commit")
                .isEqualTo(expected);
        assertThat(kinds(Helm.objects(expected)))
                .containsExactlyInAnyOrder("ServiceMonitor", "PrometheusRule", "ConfigMap");
    }

    @Test
    void nonDefaultRenderingUsesRolesPerWatchedNamespaceAndTheGivenSettings() {
        assertThat(kinds(nonDefaults))
                .containsExactlyInAnyOrder(
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Role",
                        "RoleBinding",
                        "Role",
                        "RoleBinding",
                        "Service",
                        "Deployment",
                        "ServiceMonitor");
        // The only cluster-wide grant left: reading the five compute-mirror CRDs.
        assertThat(one(nonDefaults, ClusterRole.class).getRules())
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getResources()).containsExactly("customresourcedefinitions");
                    assertThat(r.getResourceNames())
                            .containsExactlyInAnyOrder(
                                    "computeproviders.computemirror.io",
                                    "machines.computemirror.io",
                                    "gpuoffers.computemirror.io",
                                    "gpuofferqueries.computemirror.io",
                                    "machineschedules.computemirror.io");
                    assertThat(r.getVerbs()).containsExactly("get");
                });
        assertThat(of(nonDefaults, Role.class))
                .extracting(r -> r.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(of(nonDefaults, RoleBinding.class))
                .allSatisfy(b -> assertThat(b.getSubjects()).singleElement().satisfies(s -> assertThat(s.getNamespace())
                        .isEqualTo(Helm.NAMESPACE)));
        Deployment deployment = one(nonDefaults, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        Container operator =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(operator.getImage()).isEqualTo("registry.example.com/ops/compute-mirror:1.2.3");
        assertThat(env(operator, "QUARKUS_OPERATOR_SDK_NAMESPACES")).isEqualTo("team-a,team-b");
        assertThat(env(operator, "COMPUTEMIRROR_LEADER_ELECTION_ENABLED")).isEqualTo("false");
        assertThat(env(operator, "COMPUTEMIRROR_ALLOW_INSECURE_ENDPOINTS")).isEqualTo("true");
        assertThat(env(operator, "COMPUTEMIRROR_WRITE_CONCURRENCY")).isEqualTo("4");
        assertThat(env(operator, "COMPUTEMIRROR_NATIVE_CRYPTO")).isEqualTo("false");
        assertThat(env(operator, "QUARKUS_LOG_CATEGORY__IO_COMPUTEMIRROR__LEVEL"))
                .isEqualTo("DEBUG");
        assertThat(operator.getResources().getRequests().get("cpu").toString()).isEqualTo("250m");
        HasMetadata monitor = nonDefaults.stream()
                .filter(o -> o.getKind().equals("ServiceMonitor"))
                .findFirst()
                .orElseThrow();
        assertThat(Serialization.asYaml(monitor))
                .contains("port: \"http-metrics\"")
                .contains("path: \"/q/metrics\"")
                .contains("release: \"prometheus\"");
    }

    @Test
    void moreThanOneReplicaWithoutLeaderElectionIsRefused() {
        Helm.Result result = helm.runAllowingFailure(List.of(
                "template",
                Helm.RELEASE,
                Helm.CHART.toString(),
                "--kube-version",
                TestApiServer.K8S_VERSION,
                "--set",
                "leaderElection.enabled=false"));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("replicas > 1 needs leaderElection.enabled=true");
    }

    @Test
    void noRbacRuleUsesAWildcardAndSecretsAreOnlyEverRead() {
        for (List<HasMetadata> rendering : List.of(defaults, nonDefaults)) {
            List<PolicyRule> rules = rules(rendering);
            assertThat(rules).isNotEmpty().allSatisfy(r -> {
                assertThat(r.getVerbs()).isNotEmpty().noneMatch(v -> v.contains("*"));
                assertThat(r.getResources()).isNotEmpty().noneMatch(v -> v.contains("*"));
                assertThat(r.getApiGroups()).noneMatch(v -> v.contains("*"));
                assertThat(Optional.ofNullable(r.getResourceNames()).orElse(List.of()))
                        .noneMatch(v -> v.contains("*"));
                assertThat(Optional.ofNullable(r.getNonResourceURLs()).orElse(List.of()))
                        .isEmpty();
            });
            assertThat(rules)
                    .filteredOn(r -> r.getResources().contains("secrets"))
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getVerbs()).containsExactly("get"));
            // Exchange-rate ConfigMaps are read by name (GET), like the credentials Secret.
            assertThat(rules)
                    .filteredOn(r -> r.getResources().contains("configmaps"))
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getVerbs()).containsExactly("get"));
            // Leases only through the Role in the operator's namespace.
            assertThat(of(rendering, ClusterRole.class))
                    .flatExtracting(ClusterRole::getRules)
                    .noneMatch(r -> r.getResources().contains("leases"));
        }
    }

    @Test
    void everyContainerIsRestrictedHasProbesAndResourceRequests() {
        for (List<HasMetadata> rendering : List.of(defaults, nonDefaults)) {
            PodSpec pod =
                    one(rendering, Deployment.class).getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).isNotEqualTo(Boolean.FALSE);
            List<Container> containers = new ArrayList<>(pod.getContainers());
            containers.addAll(Optional.ofNullable(pod.getInitContainers()).orElse(List.of()));
            assertThat(containers).isNotEmpty().allSatisfy(c -> {
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc.getAllowPrivilegeEscalation())
                        .as(c.getName() + " allowPrivilegeEscalation")
                        .isFalse();
                assertThat(sc.getPrivileged()).as(c.getName() + " privileged").isNotEqualTo(Boolean.TRUE);
                assertThat(sc.getReadOnlyRootFilesystem())
                        .as(c.getName() + " readOnlyRootFilesystem")
                        .isTrue();
                assertThat(sc.getRunAsNonRoot())
                        .as(c.getName() + " runAsNonRoot")
                        .isTrue();
                assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
                assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
                assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
                assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
                assertThat(c.getVolumeMounts())
                        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
            });
            assertThat(pod.getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo("tmp");
                assertThat(v.getEmptyDir()).isNotNull();
            });
        }
    }

    @Test
    void deployDefaultIsTheChartsDefaultRendering() throws IOException {
        String expected =
                "# Generated by hack/render-deploy.sh from helm/compute-mirror with default values; do not edit.\n"
                        + helm.template(Map.of(), "--include-crds");
        assertThat(Files.readString(Path.of("deploy", "default", "compute-mirror.yaml")))
                .as(
                        "deploy/default/compute-mirror.yaml is not the chart's default rendering: run hack/render-deploy.sh and commit")
                .isEqualTo(expected);
    }

    @Test
    void renderedManifestsAreAcceptedByTheApiServerAndThePodPassesRestrictedPodSecurity(KubernetesClient client)
            throws Exception {
        List<HasMetadata> kustomized = Helm.objects(kustomize(Path.of("deploy", "default")));
        assertThat(kinds(kustomized)).contains("Namespace", "CustomResourceDefinition", "Deployment");
        // The Namespace (Pod Security "restricted", enforced) and the CRDs for real, everything else as a dry run.
        for (HasMetadata object : kustomized) {
            if (object.getKind().equals("Namespace") || object.getKind().equals("CustomResourceDefinition")) {
                client.resource(object).serverSideApply();
            }
        }
        for (String ns : List.of("team-a", "team-b")) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .serverSideApply();
        }
        List<HasMetadata> everythingOn = Helm.objects(helm.template(Map.of(
                "networkPolicy.enabled", "true",
                "networkPolicy.apiServer.cidrs", "{10.0.0.10/32}",
                "grafanaDashboard.enabled", "true",
                "prometheusRule.enabled", "true",
                "spreadAcrossNodes", "required")));
        assertThat(kinds(everythingOn)).contains("NetworkPolicy", "ConfigMap", "PrometheusRule");
        for (List<HasMetadata> rendering : List.of(kustomized, nonDefaults, everythingOn)) {
            for (HasMetadata object : rendering) {
                if (List.of("Namespace", "CustomResourceDefinition", "ServiceMonitor", "PrometheusRule")
                        .contains(object.getKind())) {
                    continue; // applied above; the Prometheus Operator's CRDs are not installed here
                }
                HasMetadata accepted = client.resource(object).dryRun().serverSideApply();
                assertThat(accepted.getMetadata().getName())
                        .isEqualTo(object.getMetadata().getName());
            }
        }

        Pod pod = podFrom(one(kustomized, Deployment.class));
        Pod created =
                client.pods().inNamespace(Helm.NAMESPACE).resource(pod).dryRun().create();
        assertThat(created.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);

        // The enforcement is real: the same pod, allowed to escalate privileges, is refused.
        Pod escalating = podFrom(one(kustomized, Deployment.class));
        escalating.getSpec().getContainers().get(0).getSecurityContext().setAllowPrivilegeEscalation(true);
        assertThatThrownBy(() -> client.pods()
                        .inNamespace(Helm.NAMESPACE)
                        .resource(escalating)
                        .dryRun()
                        .create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("violates PodSecurity \"restricted");
    }

    private static Pod podFrom(Deployment deployment) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("compute-mirror-pod-check")
                .withNamespace(Helm.NAMESPACE)
                .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .endMetadata()
                .withSpec(Serialization.clone(deployment.getSpec().getTemplate().getSpec()))
                .build();
    }

    /** kustomize through the real kubectl of the test binaries. */
    private static String kustomize(Path dir) throws Exception {
        Path kubectl = TestApiServer.binaryDir().resolve("kubectl");
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectOutput(out.toFile())
                    .redirectErrorStream(false)
                    .start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String error = new String(p.getErrorStream().readAllBytes());
            assertThat(p.exitValue())
                    .as("kubectl kustomize " + dir + ": " + error)
                    .isZero();
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static PodSpec pod(Map<String, String> values) {
        return one(Helm.objects(helm.template(values)), Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec();
    }

    private static GenericKubernetesResource prometheusRule(List<HasMetadata> rendering) {
        List<HasMetadata> rules = rendering.stream()
                .filter(o -> o.getKind().equals("PrometheusRule"))
                .toList();
        assertThat(rules).hasSize(1);
        return (GenericKubernetesResource) rules.get(0);
    }

    private static List<JsonNode> alerts(JsonNode spec) {
        List<JsonNode> alerts = new ArrayList<>();
        spec.path("groups").forEach(g -> g.path("rules").forEach(alerts::add));
        return alerts;
    }

    private static List<PolicyRule> rules(List<HasMetadata> rendering) {
        return Stream.concat(
                        of(rendering, ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
                        of(rendering, Role.class).stream().flatMap(r -> r.getRules().stream()))
                .toList();
    }

    private static PolicyRule rule(List<PolicyRule> rules, String group, String resource) {
        return rules.stream()
                .filter(r ->
                        r.getApiGroups().contains(group) && r.getResources().contains(resource))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rule for " + resource));
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static List<String> kinds(List<HasMetadata> objects) {
        return objects.stream().map(HasMetadata::getKind).toList();
    }

    private static <T extends HasMetadata> List<T> of(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found = of(objects, type);
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
        return of(objects, type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }
}
