package io.computemirror.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferQuery;
import io.computemirror.api.v1alpha1.GpuOfferQuerySpec;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineSchedule;
import io.computemirror.api.v1alpha1.MachineScheduleSpec;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.AkuaSimulator;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.sandbox.QuivaSimulator;
import io.computemirror.testing.ApiServerProfile;
import io.computemirror.testing.ClusterFixtures;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The operator's real /q/metrics after a sync of the sandbox providers, a suspend, a query and a schedule: every metric
 * the chart's alerts and dashboard select (hack/monitoring/metrics-used.txt) is exported, and one account's
 * per-request series show its successes and a throttled request that was retried after the provider's Retry-After.
 */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class MetricsIT {

    private static final Path USED = Path.of("hack/monitoring/metrics-used.txt");

    @Inject
    KubernetesClient client;

    @Test
    void everyMetricTheAlertsAndTheDashboardUseIsExported() throws Exception {
        ClusterFixtures fixtures = new ClusterFixtures(client);
        String ns = fixtures.namespace("metrics-contract");
        try (AkuaSimulator akua = new AkuaSimulator()
                        .withMachines(2)
                        .withOperationDuration(Duration.ofSeconds(1))
                        .start();
                QuivaSimulator quiva = new QuivaSimulator().withMachines(2).start();
                CloreSimulator clore = new CloreSimulator().withOffers(4).start()) {
            akua.machineIds().forEach(id -> akua.setState(id, "ACTIVE"));
            // Faults queued before the first poll: Akua throttles its first listing (retried inline after the
            // Retry-After), Quiva's listing miscounts its total (an incomplete listing).
            fault(akua.rootUrl(), "{\"kind\":\"rate_limit\",\"count\":1,\"retry_after_seconds\":1}");
            fault(quiva.rootUrl(), "{\"kind\":\"wrong_total\",\"count\":1}");

            fixtures.provider(ns, "akua", ProviderType.Akua, akua.baseUrl(), AkuaSimulator.DEFAULT_TOKEN, "10m", "10m");
            fixtures.provider(
                    ns, "quiva", ProviderType.Quiva, quiva.baseUrl(), QuivaSimulator.DEFAULT_TOKEN, "10m", "10m");
            fixtures.provider(
                    ns, "clore", ProviderType.Clore, clore.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10m", "10m");
            // A refused credential: a failed poll, so provider errors are counted.
            fixtures.provider(ns, "refused", ProviderType.Clore, clore.baseUrl(), "not-the-token", "10m", "10m");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(fixtures.list(GpuOffer.class, ns)).hasSize(4);
                assertThat(fixtures.list(Machine.class, ns))
                        .filteredOn(m -> m.getSpec().getProviderRef().getName().equals("akua"))
                        .hasSize(2)
                        .allSatisfy(m -> assertThat(m.getStatus()).isNotNull().satisfies(s -> assertThat(s.getPhase())
                                .isEqualTo(MachinePhase.Running)));
            });
            query(ns);
            schedule(ns);
            Machine machine = fixtures.list(Machine.class, ns).stream()
                    .filter(m -> m.getSpec().getProviderRef().getName().equals("akua"))
                    .findFirst()
                    .orElseThrow();
            client.resources(Machine.class)
                    .inNamespace(ns)
                    .withName(machine.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspended\":true}}");

            List<String> used = Files.readAllLines(USED).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
            assertThat(used).isNotEmpty();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                String metrics = scrape();
                assertThat(used).allSatisfy(name -> assertThat(exported(metrics, name))
                        .as("%s exported", name)
                        .isTrue());
            });

            String metrics = scrape();
            Map<String, String> akuaAccount = Map.of("namespace", ns, "computeprovider", "akua", "type", "Akua");
            assertThat(sum(
                            metrics,
                            "computemirror_provider_requests_total",
                            akuaAccount,
                            "operation",
                            "list",
                            "outcome",
                            "2xx"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(sum(
                            metrics,
                            "computemirror_provider_requests_total",
                            akuaAccount,
                            "operation",
                            "list",
                            "outcome",
                            "429"))
                    .isEqualTo(1);
            assertThat(sum(metrics, "computemirror_provider_retry_after_waits_total", akuaAccount))
                    .isEqualTo(1);
            assertThat(sum(metrics, "computemirror_provider_retries_total", akuaAccount, "operation", "list"))
                    .isEqualTo(1);
            assertThat(sum(
                            metrics,
                            "computemirror_provider_requests_total",
                            akuaAccount,
                            "operation",
                            "suspend",
                            "outcome",
                            "2xx"))
                    .isEqualTo(1);
            assertThat(sum(metrics, "computemirror_provider_circuit_state", akuaAccount, "state", "closed"))
                    .isEqualTo(1);
            assertThat(sum(metrics, "computemirror_provider_response_bytes_total", akuaAccount, "operation", "list"))
                    .isPositive();
            assertThat(sum(
                            metrics,
                            "computemirror_schedule_blocked",
                            Map.of("namespace", ns, "machineschedule", "broken")))
                    .isEqualTo(1);
            // No offer or machine id ever becomes a label value of the request series.
            assertThat(metrics.lines().filter(l -> l.startsWith("computemirror_provider_")))
                    .noneMatch(l -> akua.machineIds().stream().anyMatch(l::contains));
        }
    }

    /** Exported: some sample line starts with the name followed by "{" or " ". */
    private static boolean exported(String metrics, String name) {
        return metrics.lines().anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " "));
    }

    /** The sum of a metric's samples whose labels include all of {@code labels} and the pairs in {@code more}. */
    private static double sum(String metrics, String name, Map<String, String> labels, String... more) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = sample.matcher(metrics);
        double total = 0;
        while (m.find()) {
            String set = m.group(1);
            boolean all =
                    labels.entrySet().stream().allMatch(e -> set.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            for (int i = 0; i + 1 < more.length; i += 2) {
                all &= set.contains(more[i] + "=\"" + more[i + 1] + "\"");
            }
            if (all) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    private static String scrape() throws IOException, InterruptedException {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static void fault(String rootUrl, String json) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(rootUrl + "/_sandbox/faults"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
    }

    private void query(String ns) {
        GpuOfferQuery query = new GpuOfferQuery();
        query.setMetadata(
                new ObjectMetaBuilder().withName("any").withNamespace(ns).build());
        GpuOfferQuerySpec spec = new GpuOfferQuerySpec();
        spec.setMinGpus(1);
        query.setSpec(spec);
        client.resource(query).create();
    }

    /** A schedule whose window can never be computed (30 February): it cannot act. */
    private void schedule(String ns) {
        MachineSchedule s = new MachineSchedule();
        s.setMetadata(
                new ObjectMetaBuilder().withName("broken").withNamespace(ns).build());
        MachineScheduleSpec spec = new MachineScheduleSpec();
        spec.setSelector(new LabelSelectorBuilder()
                .withMatchLabels(Map.of(ApiConstants.LABEL_PROVIDER, "quiva"))
                .build());
        spec.setWindows(List.of(new MachineScheduleSpec.Window("0 0 30 2 *", "0 0 1 1 *")));
        s.setSpec(spec);
        client.resource(s).create();
    }
}
