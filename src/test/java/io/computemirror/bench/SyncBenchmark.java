package io.computemirror.bench;

import static io.computemirror.bench.BenchTools.auditLog;
import static io.computemirror.bench.BenchTools.audited;
import static io.computemirror.bench.BenchTools.auditedApiServer;
import static io.computemirror.bench.BenchTools.cpuMillis;
import static io.computemirror.bench.BenchTools.operatorJvm;
import static io.computemirror.bench.BenchTools.peakRssKib;
import static io.computemirror.bench.BenchTools.round;
import static io.computemirror.bench.BenchTools.total;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.computemirror.api.v1alpha1.CloreSpec;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.FieldManagers;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.api.v1alpha1.SecretKeyRef;
import io.computemirror.provider.Credential;
import io.computemirror.provider.OfferObservation;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.clore.CloreClient;
import io.computemirror.provider.clore.CloreKind;
import io.computemirror.provider.clore.CloreSettings;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.testing.CrdFiles;
import io.computemirror.testing.OperatorProcess;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * The sync benchmark (run it with {@code hack/bench-sync.sh}; it is not a test). On a fresh API server with audit
 * logging of every mutating request to GpuOffers:
 * <ol>
 * <li>the operator (the runnable jar, as a child process) mirrors the same N offers: time until the ComputeProvider
 * reports all N written, after all their writes returned; where the time of both went, from the audit log
 * ({@link RequestProfile});</li>
 * <li>10 polls with nothing changed: mutating requests to GpuOffers (from the audit log);</li>
 * <li>1% of the prices change: mutating requests until the next poll has written them;</li>
 * <li>the operator's peak RSS (VmHWM);</li>
 * <li>baseline, with the operator stopped: the plain Fabric8 client lists the N offers of the Clore simulator and
 * writes the very GpuOffers the operator wrote (read back, in another namespace; create, then server-side apply of
 * the status), at the operator's write concurrency;</li>
 * <li>the operator restarted with the N mirrors in place: seconds until its first poll is done, and the mutating
 * requests it made (none are due).</li>
 * </ol>
 * The last line printed is one JSON object with the figures.
 */
public final class SyncBenchmark {

    private static final BenchTools.Poller POLL = new BenchTools.Poller(Duration.ofMillis(250));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sync's status write: server-side apply under its field manager, forced (see MirrorWriter). */
    private static final PatchContext APPLY_STATUS = new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager(FieldManagers.SYNC)
            .withForce(true)
            .build();

    private static final String BASELINE_NS = "bench-baseline";
    private static final String NS = "bench";

    private SyncBenchmark() {}

    public static void main(String[] args) {
        BenchTools.exitWhenDone(SyncBenchmark::run);
    }

    private static void run() throws Exception {
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

            // The baseline's objects stay in their own namespace, out of the operator's sight (and cache).
            Map<String, String> env = Map.of(
                    "COMPUTEMIRROR_ALLOW_INSECURE_ENDPOINTS",
                    "true",
                    "QUARKUS_OPERATOR_SDK_NAMESPACES",
                    NS,
                    "COMPUTEMIRROR_WRITE_CONCURRENCY",
                    Integer.toString(concurrency));
            Map<String, Object> figures = new LinkedHashMap<>();
            double sync;
            try (OperatorProcess operator =
                    OperatorProcess.start("operator", server.kubeConfigFile(), env, work, jvm)) {
                operator.awaitStarted(Duration.ofMinutes(2));
                log("operator running (pid %d, JVM %s)", operator.pid(), String.join(" ", jvm));
                long cpuBefore = cpuMillis(operator.pid());
                secretAndProvider(client, clore, offers);
                Instant start = Instant.now();
                POLL.awaitTrue(Duration.ofMinutes(15), () -> total(client, NS) == offers);
                Instant synced = Instant.now();
                sync = Duration.between(start, synced).toMillis() / 1000.0;
                double syncCpu = (cpuMillis(operator.pid()) - cpuBefore) / 1000.0;
                long withStatus = client.resources(GpuOffer.class).inNamespace(NS).list().getItems().stream()
                        .filter(o -> o.getStatus() != null && o.getStatus().getPhase() != null)
                        .count();
                log(
                        "sync: %.1f s (operator CPU %.1f s), %d of %d GpuOffers with status",
                        sync, syncCpu, withStatus, offers);
                if (withStatus != offers) {
                    throw new IllegalStateException(
                            "only " + withStatus + " of " + offers + " GpuOffers have a status");
                }
                RequestProfile syncRequests = RequestProfile.of(auditLog, NS, start, synced);
                log("sync's writes:     %s", syncRequests);

                POLL.awaitPolls(client, NS, 1);
                long before = writes(auditLog);
                long idleCpuBefore = cpuMillis(operator.pid());
                POLL.awaitPolls(client, NS, idlePolls);
                double idleCpuPerPoll = (cpuMillis(operator.pid()) - idleCpuBefore) / 1000.0 / idlePolls;
                long idle = writes(auditLog) - before;
                log(
                        "%d unchanged polls: %d mutating requests to GpuOffers, %.2f CPU seconds a poll",
                        idlePolls, idle, idleCpuPerPoll);

                int changed = clore.changePrices(0.01);
                before = writes(auditLog);
                POLL.awaitPolls(client, NS, 2);
                long afterChange = writes(auditLog) - before;
                log("%d offers repriced: %d mutating requests", changed, afterChange);

                long rssKib = peakRssKib(operator.pid());
                figures.put("offers", offers);
                figures.put("concurrency", concurrency);
                figures.put("sync_seconds", round(sync));
                figures.put("sync_cpu_seconds", round(syncCpu));
                figures.put("cpu_seconds_per_idle_poll", round(idleCpuPerPoll));
                figures.put("idle_polls", idlePolls);
                figures.put("idle_writes", idle);
                figures.put("changed_offers", changed);
                figures.put("writes_after_1pct_change", afterChange);
                figures.put("rss_mib", rssKib / 1024);
                figures.put("requests_per_offer", round((double) syncRequests.requests() / offers));
                figures.put("in_flight", round(syncRequests.inFlight()));
                figures.put("idle_share", round(syncRequests.idleShare()));
                if (BenchTools.memoryReport()) {
                    BenchTools.printMemoryReport(operator.pid(), 30);
                }
            }

            // The operator is stopped, so the baseline has the API server to itself, as the sync had.
            log(
                    "baseline: the %d offers listed and the operator's GpuOffers written again with the Fabric8 "
                            + "client, %d at a time",
                    offers, concurrency);
            List<GpuOffer> written =
                    client.resources(GpuOffer.class).inNamespace(NS).list().getItems();
            ComputeProvider owner =
                    client.resource(provider(BASELINE_NS, clore, offers)).create();
            Instant baselineStart = Instant.now();
            double baseline = baseline(client, clore, offers, concurrency, owner, written);
            RequestProfile baselineRequests = RequestProfile.of(auditLog, BASELINE_NS, baselineStart, Instant.now());
            log("baseline: %.1f s", baseline);
            log("baseline's writes: %s", baselineRequests);
            figures.put("baseline_seconds", round(baseline));
            figures.put("ratio", round(sync / baseline));
            figures.put("baseline_requests_per_offer", round((double) baselineRequests.requests() / offers));
            figures.put("baseline_in_flight", round(baselineRequests.inFlight()));
            figures.put("baseline_idle_share", round(baselineRequests.idleShare()));

            // A restart with the N mirrors in place: JVM start, the informers' first list, then the first poll,
            // which must find nothing to write.
            long before = writes(auditLog);
            Instant restarted = Instant.now();
            try (OperatorProcess operator =
                    OperatorProcess.start("operator-restarted", server.kubeConfigFile(), env, work, jvm)) {
                POLL.awaitPolls(client, NS, 1);
                double restart = Duration.between(restarted, Instant.now()).toMillis() / 1000.0;
                long restartWrites = writes(auditLog) - before;
                log("restart: first poll done %.1f s after the start, %d mutating requests", restart, restartWrites);
                figures.put("restart_seconds", round(restart));
                figures.put("restart_writes", restartWrites);
            }
            System.out.println(JSON.writeValueAsString(figures));
        }
    }

    /**
     * What the operator's first sync does, without the operator: list the provider, then send the same requests
     * (create, then server-side apply of the status) for the very objects the operator wrote, from a plain loop. The
     * objects are read back from the API server, so the benchmark needs nothing of the operator but its output; only
     * their namespace and owner change.
     */
    private static double baseline(
            KubernetesClient client,
            CloreSimulator clore,
            int offers,
            int concurrency,
            ComputeProvider owner,
            List<GpuOffer> written) {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long started = System.nanoTime();
        try {
            List<OfferObservation> listed = new CloreClient(ProviderAccount.builder(
                                    BASELINE_NS + "/clore", new CloreKind(), Credential.of(clore.token()))
                            .endpoint(URI.create(clore.baseUrl()))
                            .allowInsecureEndpoint(true)
                            .settings(new CloreSettings(null, 100, offers))
                            .build())
                    .listOffers()
                    .items();
            if (listed.size() != written.size()) {
                throw new IllegalStateException(
                        "listed " + listed.size() + " offers, the operator wrote " + written.size() + " GpuOffers");
            }
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (GpuOffer mirror : written) {
                GpuOffer create = identity(mirror, owner);
                GpuOffer status = status(mirror);
                all.add(CompletableFuture.runAsync(
                        () -> {
                            client.resource(create).create();
                            client.resource(status).subresource("status").patch(APPLY_STATUS);
                        },
                        pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            return (System.nanoTime() - started) / 1e9;
        } finally {
            pool.shutdown();
        }
    }

    /** The object the operator created, for the baseline's namespace and owner (no server-set fields, no status). */
    private static GpuOffer identity(GpuOffer mirror, ComputeProvider owner) {
        GpuOffer copy = new GpuOffer();
        copy.setMetadata(new ObjectMetaBuilder()
                .withName(mirror.getMetadata().getName())
                .withNamespace(BASELINE_NS)
                .withLabels(mirror.getMetadata().getLabels())
                .withAnnotations(mirror.getMetadata().getAnnotations())
                .withOwnerReferences(mirror.getMetadata().getOwnerReferences().stream()
                        .map(ref -> new OwnerReferenceBuilder(ref)
                                .withUid(owner.getMetadata().getUid())
                                .build())
                        .toList())
                .build());
        copy.setSpec(mirror.getSpec());
        return copy;
    }

    /** The status the operator applied, as an apply patch for the baseline's copy. */
    private static GpuOffer status(GpuOffer mirror) {
        GpuOffer copy = new GpuOffer();
        copy.setMetadata(new ObjectMetaBuilder()
                .withName(mirror.getMetadata().getName())
                .withNamespace(BASELINE_NS)
                .build());
        copy.setStatus(mirror.getStatus());
        return copy;
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
        client.resource(provider(NS, clore, offers)).create();
    }

    private static ComputeProvider provider(String namespace, CloreSimulator clore, int offers) {
        ComputeProvider cp = new ComputeProvider();
        cp.setMetadata(new ObjectMetaBuilder()
                .withName("clore")
                .withNamespace(namespace)
                .build());
        ComputeProviderSpec spec = new ComputeProviderSpec();
        spec.setType(ProviderType.Clore);
        spec.setEndpoint(clore.baseUrl());
        spec.setCredentialsSecretRef(new SecretKeyRef("clore", "token"));
        spec.setPollInterval("10s");
        CloreSpec settings = new CloreSpec();
        settings.setPageSize(100);
        settings.setMaxOffers(Math.max(offers, 1));
        spec.setClore(settings);
        cp.setSpec(spec);
        return cp;
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
