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
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.computemirror.api.v1alpha1.CloreSpec;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.GpuOfferQuery;
import io.computemirror.api.v1alpha1.GpuOfferQuerySpec;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.api.v1alpha1.SecretKeyRef;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.testing.CrdFiles;
import io.computemirror.testing.OperatorProcess;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * The market benchmark (run it with {@code hack/bench-market.sh}; it is not a test). One API server (auditing writes
 * to GpuOffers and GpuOfferQueries), one Clore simulator with N offers, and the packaged operator with the chart's
 * JVM settings, twice, each in its own namespace and from an empty cache:
 * <ol>
 * <li>plain sync: the query controller watches a namespace with nothing in it, so the operator does only what
 * {@code hack/bench-sync.sh} measures: sync N offers, idle polls, a 1% price change; its peak RSS;</li>
 * <li>market: the same with Q GpuOfferQueries in the namespace: query status writes over the idle polls; the time
 * from a price change at the provider to the affected queries' status (and from the offer's status write to the
 * query's); query-evaluation CPU for a poll with a 1% price change (the operator's own timer) and the whole
 * process's CPU for an idle and a changing poll; its peak RSS, and the ratio to the plain run's.</li>
 * </ol>
 * The last line printed is one JSON object with the figures.
 */
public final class MarketBenchmark {

    private static final BenchTools.Poller POLL = new BenchTools.Poller(Duration.ofMillis(100));

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String PLAIN_NS = "bench-plain";
    private static final String MARKET_NS = "bench-market";
    private static final String NOWHERE_NS = "bench-nowhere";
    private static final String[] MODELS = {
        "nvidia-geforce-rtx-3090",
        "nvidia-geforce-rtx-3070",
        "nvidia-geforce-rtx-4090",
        "nvidia-rtx-a6000",
        "nvidia-a100",
        "nvidia-h100"
    };
    private static final String[] COUNTRIES = {"USA", "Germany", "Finland", "Canada", "Japan"};

    private MarketBenchmark() {}

    public static void main(String[] args) {
        BenchTools.exitWhenDone(MarketBenchmark::run);
    }

    private static void run() throws Exception {
        int offers = Integer.parseInt(System.getProperty("bench.offers", "10000"));
        int queries = Integer.parseInt(System.getProperty("bench.queries", "100"));
        int idlePolls = Integer.parseInt(System.getProperty("bench.idle-polls", "10"));
        List<String> jvm = operatorJvm();
        Path work = Files.createTempDirectory("bench-market");
        Path auditLog = auditLog(work);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("offers", offers);
        figures.put("queries", queries);
        figures.put("idle_polls", idlePolls);
        figures.put("poll_interval_seconds", 10);
        try (TestApiServer server = auditedApiServer(
                        work, "\"gpuoffers\", \"gpuoffers/status\", \"gpuofferqueries\", \"gpuofferqueries/status\"");
                KubernetesClient client = server.newClient();
                CloreSimulator clore = new CloreSimulator().withOffers(offers).start()) {
            CrdFiles.install(client);
            for (String ns : List.of(PLAIN_NS, MARKET_NS, NOWHERE_NS)) {
                client.namespaces()
                        .resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(ns)
                                .endMetadata()
                                .build())
                        .serverSideApply();
            }

            log(
                    "plain sync: %d offers, no queries (the query controller watches the empty namespace %s)",
                    offers, NOWHERE_NS);
            try (OperatorProcess operator = operator(server, work, jvm, "plain", PLAIN_NS, NOWHERE_NS)) {
                double sync = sync(client, clore, PLAIN_NS, offers);
                POLL.awaitPolls(client, PLAIN_NS, idlePolls + 1);
                clore.changePrices(0.01);
                POLL.awaitPolls(client, PLAIN_NS, 2);
                long rss = peakRssKib(operator.pid()) / 1024;
                log("plain sync: %.1f s, peak RSS %d MiB", sync, rss);
                figures.put("plain_sync_seconds", round(sync));
                figures.put("plain_rss_mib", rss);
            }

            log("market: %d offers, %d GpuOfferQueries", offers, queries);
            try (OperatorProcess operator = operator(server, work, jvm, "market", MARKET_NS, MARKET_NS)) {
                createQueries(client, queries);
                double sync = sync(client, clore, MARKET_NS, offers);
                POLL.awaitTrue(
                        Duration.ofMinutes(2),
                        () -> client.resources(GpuOfferQuery.class).inNamespace(MARKET_NS).list().getItems().stream()
                                .allMatch(q -> q.getStatus() != null));
                POLL.awaitPolls(client, MARKET_NS, 2);
                log("market: sync %.1f s; every query has a status", sync);
                figures.put("market_sync_seconds", round(sync));

                long writesBefore = queryWrites(auditLog);
                long cpuBefore = cpuMillis(operator.pid());
                POLL.awaitPolls(client, MARKET_NS, idlePolls);
                long idleWrites = queryWrites(auditLog) - writesBefore;
                long idleCpu = (cpuMillis(operator.pid()) - cpuBefore) / idlePolls;
                log("%d idle polls: %d query status writes, %d ms operator CPU a poll", idlePolls, idleWrites, idleCpu);
                figures.put("idle_query_writes", idleWrites);
                figures.put("idle_poll_cpu_ms", idleCpu);

                latency(client, clore, figures);

                double evalBefore = metric(operator, "computemirror_query_evaluation_seconds_sum");
                double countBefore = metric(operator, "computemirror_query_evaluation_seconds_count");
                cpuBefore = cpuMillis(operator.pid());
                writesBefore = queryWrites(auditLog);
                int changed = clore.changePrices(0.01);
                POLL.awaitPolls(client, MARKET_NS, 1);
                Thread.sleep(3000); // the queries follow within 2 s of the poll's writes
                double evalSeconds = metric(operator, "computemirror_query_evaluation_seconds_sum") - evalBefore;
                long evaluations =
                        Math.round(metric(operator, "computemirror_query_evaluation_seconds_count") - countBefore);
                long changeCpu = cpuMillis(operator.pid()) - cpuBefore;
                long changeWrites = queryWrites(auditLog) - writesBefore;
                log(
                        "%d offers repriced: %d evaluations, %.0f ms evaluation CPU, %d ms operator CPU, %d query writes",
                        changed, evaluations, evalSeconds * 1000, changeCpu, changeWrites);
                figures.put("changed_offers", changed);
                figures.put("change_poll_evaluations", evaluations);
                figures.put("change_poll_evaluation_cpu_ms", Math.round(evalSeconds * 1000));
                figures.put("change_poll_operator_cpu_ms", changeCpu);
                figures.put("change_poll_query_writes", changeWrites);

                long rss = peakRssKib(operator.pid()) / 1024;
                figures.put("market_rss_mib", rss);
                figures.put("rss_ratio", round((double) rss / ((Number) figures.get("plain_rss_mib")).doubleValue()));
                log("market: peak RSS %d MiB", rss);
            }
            System.out.println(JSON.writeValueAsString(figures));
        }
    }

    /**
     * Gives three available offers (of different models) a price far below the market's, then times each query whose
     * cheapest becomes one of them: from the price change, and from that offer's status write.
     */
    private static void latency(KubernetesClient client, CloreSimulator clore, Map<String, Object> figures)
            throws InterruptedException {
        Map<String, Instant> offerWritten = new ConcurrentHashMap<>();
        Map<String, Instant> queryChanged = new ConcurrentHashMap<>();
        Map<String, String> queryCheapest = new ConcurrentHashMap<>();
        List<CloreSimulator.Offer> targets = new ArrayList<>();
        for (String model : List.of("Nvidia GeForce RTX 4090", "Nvidia H100", "Nvidia A100")) {
            clore.offers().stream()
                    .filter(o -> o.status().equals("available")
                            && o.gpus().get(0).name().equals(model))
                    .findFirst()
                    .ifPresent(targets::add);
        }
        List<String> ids = targets.stream().map(CloreSimulator.Offer::machineId).toList();
        try (Watch offers = client.resources(io.computemirror.api.v1alpha1.GpuOffer.class)
                        .inNamespace(MARKET_NS)
                        .watch(new Watcher<>() {
                            @Override
                            public void eventReceived(Action action, io.computemirror.api.v1alpha1.GpuOffer o) {
                                if (ids.contains(o.getSpec().getExternalId())
                                        && o.getStatus() != null
                                        && o.getStatus().getLastPriceChangeTime() != null) {
                                    offerWritten.putIfAbsent(o.getSpec().getExternalId(), Instant.now());
                                }
                            }

                            @Override
                            public void onClose(WatcherException cause) {}
                        });
                Watch watchQueries = client.resources(GpuOfferQuery.class)
                        .inNamespace(MARKET_NS)
                        .watch(new Watcher<>() {
                            @Override
                            public void eventReceived(Action action, GpuOfferQuery q) {
                                if (q.getStatus() != null
                                        && q.getStatus().getCheapest() != null
                                        && ids.contains(
                                                q.getStatus().getCheapest().getExternalId())) {
                                    queryChanged.putIfAbsent(q.getMetadata().getName(), Instant.now());
                                    queryCheapest.putIfAbsent(
                                            q.getMetadata().getName(),
                                            q.getStatus().getCheapest().getExternalId());
                                }
                            }

                            @Override
                            public void onClose(WatcherException cause) {}
                        })) {
            Instant changed = Instant.now();
            for (CloreSimulator.Offer target : targets) {
                clore.setPrice(
                        target.machineId(),
                        new BigDecimal("0.0024")
                                .multiply(BigDecimal.valueOf(target.gpus().size()))
                                .toPlainString());
            }
            POLL.awaitPolls(client, MARKET_NS, 2);
            Thread.sleep(3000);
            long maxTotal = queryChanged.values().stream()
                    .mapToLong(t -> Duration.between(changed, t).toMillis())
                    .max()
                    .orElse(-1);
            long maxAfterOffer = queryChanged.entrySet().stream()
                    .mapToLong(e -> Duration.between(
                                    offerWritten.getOrDefault(queryCheapest.get(e.getKey()), e.getValue()),
                                    e.getValue())
                            .toMillis())
                    .max()
                    .orElse(-1);
            log(
                    "price change of %d offers: %d queries follow; price change -> query status at most %d ms, offer "
                            + "status -> query status at most %d ms",
                    targets.size(), queryChanged.size(), maxTotal, maxAfterOffer);
            figures.put("latency_queries", queryChanged.size());
            figures.put("price_change_to_query_ms_max", maxTotal);
            figures.put("offer_write_to_query_ms_max", maxAfterOffer);
        }
    }

    private static OperatorProcess operator(
            TestApiServer server, Path work, List<String> jvm, String name, String namespace, String queryNamespace)
            throws InterruptedException {
        OperatorProcess operator = OperatorProcess.start(
                name,
                server.kubeConfigFile(),
                Map.of(
                        "COMPUTEMIRROR_ALLOW_INSECURE_ENDPOINTS", "true",
                        "QUARKUS_OPERATOR_SDK_NAMESPACES", namespace,
                        "QUARKUS_OPERATOR_SDK_CONTROLLERS_GPUOFFERQUERY_NAMESPACES", queryNamespace),
                work,
                jvm);
        operator.awaitStarted(Duration.ofMinutes(2));
        log("operator %s running (pid %d)", name, operator.pid());
        return operator;
    }

    /** Varied queries: a model (or two), some with a GPU count, countries, a price ceiling, another sort. */
    private static void createQueries(KubernetesClient client, int count) {
        Random random = new Random(42);
        for (int i = 0; i < count; i++) {
            GpuOfferQuerySpec spec = new GpuOfferQuerySpec();
            spec.setGpuModels(
                    random.nextInt(4) == 0
                            ? List.of(MODELS[random.nextInt(6)], MODELS[random.nextInt(6)])
                            : List.of(MODELS[random.nextInt(6)]));
            if (random.nextBoolean()) {
                spec.setMinGpus(1 + random.nextInt(4));
            }
            if (random.nextInt(3) == 0) {
                spec.setCountries(List.of(COUNTRIES[random.nextInt(5)], COUNTRIES[random.nextInt(5)]));
            }
            if (random.nextInt(4) == 0) {
                spec.setMaxPricePerGpuHour("0.1");
            }
            if (random.nextInt(5) == 0) {
                spec.setSortBy(io.computemirror.api.v1alpha1.QuerySort.PricePerVramGbHour);
            }
            GpuOfferQuery query = new GpuOfferQuery();
            query.setMetadata(new ObjectMetaBuilder()
                    .withName("q-" + i)
                    .withNamespace(MARKET_NS)
                    .build());
            query.setSpec(spec);
            client.resource(query).create();
        }
    }

    private static double sync(KubernetesClient client, CloreSimulator clore, String ns, int offers) {
        client.secrets()
                .inNamespace(ns)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("clore")
                        .endMetadata()
                        .withStringData(Map.of("token", clore.token()))
                        .build())
                .create();
        ComputeProvider cp = new ComputeProvider();
        cp.setMetadata(
                new ObjectMetaBuilder().withName("clore").withNamespace(ns).build());
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
        client.resource(cp).create();
        Instant start = Instant.now();
        POLL.awaitTrue(Duration.ofMinutes(15), () -> total(client, ns) == offers);
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }

    /** Status writes to GpuOfferQueries (the operator's; the benchmark only creates them), from the audit log. */
    private static long queryWrites(Path auditLog) throws IOException {
        return audited(
                auditLog,
                e -> "gpuofferqueries"
                                .equals(e.path("objectRef").path("resource").asText())
                        && "status"
                                .equals(e.path("objectRef").path("subresource").asText()));
    }

    /** A counter or timer sum from the operator's /q/metrics (summed over its series). */
    private static double metric(OperatorProcess operator, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(operator.get("/q/metrics").body());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }

    private static void log(String format, Object... args) {
        System.out.println("[bench-market] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
