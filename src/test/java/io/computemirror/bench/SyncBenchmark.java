package io.computemirror.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferSpec;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.api.v1alpha1.SecretKeyRef;
import io.computemirror.provider.Credential;
import io.computemirror.provider.OfferObservation;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderClients;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.testing.CrdFiles;
import io.computemirror.testing.OperatorProcess;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The sync benchmark (run it with {@code hack/bench-sync.sh}; it is not a test). On a fresh API server with audit
 * logging of every mutating request to GpuOffers:
 * <ol>
 * <li>baseline: the N offers the Clore simulator lists are created and their status patched with the plain Fabric8
 * client at the operator's write concurrency;</li>
 * <li>the operator (the runnable jar, as a child process) mirrors the same N offers: time until the ComputeProvider
 * reports all N written, after all their writes returned;</li>
 * <li>10 polls with nothing changed: mutating requests to GpuOffers (from the audit log);</li>
 * <li>1% of the prices change: mutating requests until the next poll has written them;</li>
 * <li>the operator's peak RSS (VmHWM).</li>
 * </ol>
 * The last line printed is one JSON object with the figures.
 */
public final class SyncBenchmark {

    private static final String BASELINE_NS = "bench-baseline";
    private static final String NS = "bench";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        int offers = Integer.parseInt(System.getProperty("bench.offers", "10000"));
        int concurrency = Integer.parseInt(System.getProperty("bench.concurrency", "16"));
        int idlePolls = Integer.parseInt(System.getProperty("bench.idle-polls", "10"));
        String heap = System.getProperty("bench.operator-heap", "320m");
        // The JVM settings of the Helm chart's default (a 512Mi container, 62.5% of it heap), so rss_mib says whether
        // the operator fits there.
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap));
        jvm.addAll(List.of(
                System.getProperty("bench.operator-jvm", "-XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -Xss512k")
                        .trim()
                        .split("\\s+")));
        Path work = Files.createTempDirectory("bench-sync");
        Path auditLog = work.resolve("audit.log");
        Path policy = work.resolve("audit-policy.yaml");
        Files.writeString(
                policy,
                """
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitStages: ["RequestReceived"]
                rules:
                - level: Metadata
                  resources:
                  - group: computemirror.io
                    resources: ["gpuoffers", "gpuoffers/status"]
                  verbs: ["create", "update", "patch", "delete", "deletecollection"]
                - level: None
                """);

        try (TestApiServer server = TestApiServer.start(Map.of(
                        "--audit-policy-file",
                        policy.toString(),
                        "--audit-log-path",
                        auditLog.toString(),
                        "--audit-log-mode",
                        "blocking"));
                KubernetesClient client = server.newClient();
                CloreSimulator clore = new CloreSimulator().withOffers(offers).start()) {
            CrdFiles.install(client);
            namespace(client, BASELINE_NS);
            namespace(client, NS);

            log(
                    "baseline: %d GpuOffers created and status-patched with the Fabric8 client, %d at a time",
                    offers, concurrency);
            List<OfferObservation> listed = ProviderClients.offerSource(ProviderAccount.builder(
                                    "bench/baseline",
                                    io.computemirror.api.v1alpha1.ProviderType.Clore,
                                    Credential.of(clore.token()))
                            .endpoint(java.net.URI.create(clore.baseUrl()))
                            .allowInsecureEndpoint(true)
                            .clorePageSize(100)
                            .maxOffers(offers)
                            .build())
                    .listOffers()
                    .items();
            double baseline = baseline(client, listed, concurrency);
            log("baseline: %.1f s", baseline);

            // The baseline's objects stay in their own namespace, out of the operator's sight (and cache).
            try (OperatorProcess operator = OperatorProcess.start(
                    "operator",
                    server.kubeConfigFile(),
                    Map.of(
                            "COMPUTEMIRROR_ALLOW_INSECURE_ENDPOINTS",
                            "true",
                            "QUARKUS_OPERATOR_SDK_NAMESPACES",
                            NS,
                            "COMPUTEMIRROR_WRITE_CONCURRENCY",
                            Integer.toString(concurrency)),
                    work,
                    jvm)) {
                operator.awaitStarted(Duration.ofMinutes(2));
                log("operator running (pid %d, JVM %s)", operator.pid(), String.join(" ", jvm));
                secretAndProvider(client, clore, offers);
                Instant start = Instant.now();
                awaitTrue(Duration.ofMinutes(15), () -> total(client) == offers);
                double sync = Duration.between(start, Instant.now()).toMillis() / 1000.0;
                long withStatus = client.resources(GpuOffer.class).inNamespace(NS).list().getItems().stream()
                        .filter(o -> o.getStatus() != null && o.getStatus().getPhase() != null)
                        .count();
                log("sync: %.1f s, %d of %d GpuOffers with status", sync, withStatus, offers);
                if (withStatus != offers) {
                    throw new IllegalStateException(
                            "only " + withStatus + " of " + offers + " GpuOffers have a status");
                }

                awaitPolls(client, 1);
                long before = writes(auditLog);
                awaitPolls(client, idlePolls);
                long idle = writes(auditLog) - before;
                log("%d unchanged polls: %d mutating requests to GpuOffers", idlePolls, idle);

                int changed = clore.changePrices(0.01);
                before = writes(auditLog);
                awaitPolls(client, 2);
                long afterChange = writes(auditLog) - before;
                log("%d offers repriced: %d mutating requests", changed, afterChange);

                long rssKib = peakRssKib(operator.pid());
                System.out.println(JSON.writeValueAsString(Map.of(
                        "offers", offers,
                        "concurrency", concurrency,
                        "sync_seconds", round(sync),
                        "baseline_seconds", round(baseline),
                        "ratio", round(sync / baseline),
                        "idle_polls", idlePolls,
                        "idle_writes", idle,
                        "changed_offers", changed,
                        "writes_after_1pct_change", afterChange,
                        "rss_mib", rssKib / 1024)));
            }
        }
        // Client and simulator pools leave non-daemon threads behind; the script must end when the figures are out.
        System.exit(0);
    }

    private static double baseline(KubernetesClient client, List<OfferObservation> listed, int concurrency) {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        io.computemirror.sync.BenchSupport mapper = new io.computemirror.sync.BenchSupport();
        long started = System.nanoTime();
        try {
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (OfferObservation offer : listed) {
                all.add(CompletableFuture.runAsync(
                        () -> {
                            GpuOffer o = new GpuOffer();
                            o.setMetadata(new ObjectMetaBuilder()
                                    .withName("baseline-" + offer.externalId())
                                    .withNamespace(BASELINE_NS)
                                    .withLabels(mapper.labels(offer))
                                    .build());
                            o.setSpec(new GpuOfferSpec("baseline", offer.externalId()));
                            GpuOffer created = client.resource(o).create();
                            created.setStatus(mapper.status(offer));
                            client.resource(created).patchStatus();
                        },
                        pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            return (System.nanoTime() - started) / 1e9;
        } finally {
            pool.shutdown();
        }
    }

    private static void secretAndProvider(KubernetesClient client, CloreSimulator clore, int offers) {
        client.secrets()
                .inNamespace(NS)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("clore")
                        .endMetadata()
                        .withStringData(Map.of("token", clore.token()))
                        .build())
                .create();
        ComputeProvider cp = new ComputeProvider();
        cp.setMetadata(
                new ObjectMetaBuilder().withName("clore").withNamespace(NS).build());
        ComputeProviderSpec spec = new ComputeProviderSpec();
        spec.setType(ProviderType.Clore);
        spec.setEndpoint(clore.baseUrl());
        spec.setCredentialsSecretRef(new SecretKeyRef("clore", "token"));
        spec.setPollInterval("10s");
        ComputeProviderSpec.CloreSettings settings = new ComputeProviderSpec.CloreSettings();
        settings.setPageSize(100);
        settings.setMaxOffers(Math.max(offers, 1));
        spec.setClore(settings);
        cp.setSpec(spec);
        client.resource(cp).create();
    }

    private static int total(KubernetesClient client) {
        ComputeProvider cp = client.resources(ComputeProvider.class)
                .inNamespace(NS)
                .withName("clore")
                .get();
        return cp.getStatus() == null
                        || cp.getStatus().getObjects() == null
                        || cp.getStatus().getObjects().getTotal() == null
                ? -1
                : cp.getStatus().getObjects().getTotal();
    }

    /** Waits until the ComputeProvider reports {@code polls} more completed polls. */
    private static void awaitPolls(KubernetesClient client, int polls) {
        for (int i = 0; i < polls; i++) {
            String last = lastPoll(client);
            awaitTrue(Duration.ofMinutes(2), () -> !last.equals(lastPoll(client)));
        }
    }

    private static String lastPoll(KubernetesClient client) {
        ComputeProvider cp = client.resources(ComputeProvider.class)
                .inNamespace(NS)
                .withName("clore")
                .get();
        return String.valueOf(cp.getStatus().getLastPollTime());
    }

    /** Mutating requests to GpuOffers in the operator's namespace, from the audit log. */
    private static long writes(Path auditLog) throws IOException {
        if (!Files.exists(auditLog)) {
            return 0;
        }
        try (var lines = Files.lines(auditLog)) {
            return lines.map(SyncBenchmark::parse)
                    .filter(e -> NS.equals(e.path("objectRef").path("namespace").asText()))
                    .filter(e -> "gpuoffers"
                            .equals(e.path("objectRef").path("resource").asText()))
                    .filter(e -> "ResponseComplete".equals(e.path("stage").asText()))
                    .count();
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable audit line: " + line, e);
        }
    }

    private static long peakRssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmHWM for pid " + pid);
    }

    private static void namespace(KubernetesClient client, String name) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    private static void awaitTrue(Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out after " + timeout);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static double round(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.2f", value));
    }

    private static void log(String format, Object... args) {
        System.out.println("[bench-sync] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
