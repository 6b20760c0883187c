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

import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
        for (List<HasMetadata> rendering : List.of(kustomized, nonDefaults)) {
            for (HasMetadata object : rendering) {
                if (List.of("Namespace", "CustomResourceDefinition", "ServiceMonitor")
                        .contains(object.getKind())) {
                    continue; // applied above; the Prometheus Operator's CRD is not installed here
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
