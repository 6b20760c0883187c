package io.computemirror.bench;

import static io.computemirror.bench.BenchTools.auditLog;
import static io.computemirror.bench.BenchTools.audited;
import static io.computemirror.bench.BenchTools.auditedApiServer;
import static io.computemirror.bench.BenchTools.operatorJvm;
import static io.computemirror.bench.BenchTools.peakRssKib;
import static io.computemirror.bench.BenchTools.round;
import static io.computemirror.bench.BenchTools.total;

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

    private static final BenchTools.Poller POLL = new BenchTools.Poller(Duration.ofMillis(250));

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String BASELINE_NS = "bench-baseline";
    private static final String NS = "bench";

    private SyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        int offers = Integer.parseInt(System.getProperty("bench.offers", "10000"));
        int concurrency = Integer.parseInt(System.getProperty("bench.concurrency", "16"));
        int idlePolls = Integer.parseInt(System.getProperty("bench.idle-polls", "10"));
        List<String> jvm = operatorJvm();
        Path work = Files.createTempDirectory("bench-sync");
        Path auditLog = auditLog(work);

        try (TestApiServer server = auditedApiServer(work, "\"gpuoffers\", \"gpuoffers/status\"");
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
                POLL.awaitTrue(Duration.ofMinutes(15), () -> total(client, NS) == offers);
                double sync = Duration.between(start, Instant.now()).toMillis() / 1000.0;
                long withStatus = client.resources(GpuOffer.class).inNamespace(NS).list().getItems().stream()
                        .filter(o -> o.getStatus() != null && o.getStatus().getPhase() != null)
                        .count();
                log("sync: %.1f s, %d of %d GpuOffers with status", sync, withStatus, offers);
                if (withStatus != offers) {
                    throw new IllegalStateException(
                            "only " + withStatus + " of " + offers + " GpuOffers have a status");
                }

                POLL.awaitPolls(client, NS, 1);
                long before = writes(auditLog);
                POLL.awaitPolls(client, NS, idlePolls);
                long idle = writes(auditLog) - before;
                log("%d unchanged polls: %d mutating requests to GpuOffers", idlePolls, idle);

                int changed = clore.changePrices(0.01);
                before = writes(auditLog);
                POLL.awaitPolls(client, NS, 2);
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

    /** Mutating requests to GpuOffers in the operator's namespace, from the audit log. */
    private static long writes(Path auditLog) throws IOException {
        return audited(
                auditLog,
                e -> NS.equals(e.path("objectRef").path("namespace").asText())
                        && "gpuoffers"
                                .equals(e.path("objectRef").path("resource").asText()));
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

    private static void log(String format, Object... args) {
        System.out.println("[bench-sync] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
