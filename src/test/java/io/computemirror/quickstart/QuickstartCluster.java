package io.computemirror.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.computemirror.api.v1alpha1.AkuaSpec;
import io.computemirror.api.v1alpha1.CloreFilter;
import io.computemirror.api.v1alpha1.CloreSpec;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.GpuOfferQuery;
import io.computemirror.api.v1alpha1.GpuOfferQuerySpec;
import io.computemirror.api.v1alpha1.PricingSettings;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.api.v1alpha1.SecretKeyRef;
import io.computemirror.sandbox.AkuaSimulator;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.sandbox.QuivaSimulator;
import io.computemirror.sandbox.Sandbox;
import io.computemirror.testing.CrdFiles;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The cluster side of {@code hack/quickstart.sh} (not a test): a local kube-apiserver + etcd from the test binaries
 * (or the current kubeconfig context), the CRDs, the three sandbox providers, and one Secret + ComputeProvider per
 * provider in namespace {@value #NAMESPACE}. When all is up it writes {@code cluster.env} into the state directory
 * for the script to read, then runs until SIGINT/SIGTERM, or until the script that started it has gone.
 */
public final class QuickstartCluster {

    /** Namespace of the sample ComputeProviders and their mirrors. */
    public static final String NAMESPACE = "compute-mirror-demo";
    /** How often the sample accounts are polled. */
    static final String POLL_INTERVAL = "15s";
    /** How often the sandbox changes Quiva statuses and Clore offers, so the mirrors have something to follow. */
    static final Duration SANDBOX_TICK = Duration.ofSeconds(30);
    /** The Clore sample mirrors only machines with this much RAM and these many cores (~40 of 500 offers). */
    static final int CLORE_MIN_MEMORY_GB = 256;

    static final int CLORE_MIN_CPU_CORES = 32;
    /** The sample GpuOfferQuery and the exchange rates of the sample Clore account. */
    static final String SAMPLE_QUERY = "rtx-4090";

    static final String RATES_CONFIG_MAP = "exchange-rates";
    static final String SAMPLE_BTC_USD = "97000";

    private QuickstartCluster() {}

    /**
     * Options: {@code --state-dir=DIR} (required: kubeconfig, cluster.env), {@code --use-current-context} (no local
     * API server), {@code --free-ports} (sandbox on free ports instead of 18081-18083), {@code --parent-pid=N} (exit
     * when that process has gone, after stopping the operator whose pid is in {@code DIR/operator.pid}).
     */
    public static void main(String[] args) throws Exception {
        Path stateDir = null;
        boolean useCurrentContext = false;
        boolean freePorts = false;
        long parentPid = -1;
        for (String arg : args) {
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            switch (arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg) {
                case "--state-dir" -> stateDir = Path.of(value).toAbsolutePath();
                case "--use-current-context" -> useCurrentContext = true;
                case "--free-ports" -> freePorts = true;
                case "--parent-pid" -> parentPid = Long.parseLong(value);
                default ->
                    throw new IllegalArgumentException("unknown option " + arg + "; known: --state-dir=DIR, "
                            + "--use-current-context, --free-ports, --parent-pid=N");
            }
        }
        if (stateDir == null) {
            throw new IllegalArgumentException("--state-dir=DIR is required");
        }
        Files.createDirectories(stateDir);
        try {
            run(stateDir, useCurrentContext, freePorts, parentPid);
        } catch (Exception e) {
            System.err.println("[quickstart-cluster] failed: " + e);
            e.printStackTrace();
            // Non-daemon threads of the clients must not keep a failed start alive.
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(Path stateDir, boolean useCurrentContext, boolean freePorts, long parentPid)
            throws Exception {
        TestApiServer server = null;
        KubernetesClient client = null;
        Sandbox sandbox = null;
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop.countDown();
                            try {
                                // main() tears down in order; a JVM that exits before that would leave the API server
                                // running.
                                stopped.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "quickstart-shutdown"));
        boolean createdNamespace = false;
        try {
            if (useCurrentContext) {
                client = new KubernetesClientBuilder().build();
                log(
                        "using the current kubeconfig context: %s",
                        client.getConfiguration().getMasterUrl());
            } else {
                server = TestApiServer.start();
                Path kubeconfig = stateDir.resolve("kubeconfig");
                writeAtomically(kubeconfig, server.kubeConfigYaml());
                client = server.newClient();
                log(
                        "kube-apiserver %s at %s, kubeconfig %s",
                        server.serverVersion(), client.getConfiguration().getMasterUrl(), kubeconfig);
            }
            CrdFiles.install(client);
            log("CRDs installed from crds/");
            sandbox = startSandbox(freePorts);
            log("sandbox providers running:%n%s", sandbox.describe());
            createdNamespace = client.namespaces().withName(NAMESPACE).get() == null;
            samples(client, sandbox);
            log(
                    "namespace %s: Secrets and ComputeProviders sandbox-quiva, sandbox-clore, sandbox-akua (poll every %s), "
                            + "ConfigMap %s, GpuOfferQuery %s",
                    NAMESPACE, POLL_INTERVAL, RATES_CONFIG_MAP, SAMPLE_QUERY);

            Map<String, String> env = new LinkedHashMap<>();
            env.put("QS_API_SERVER", client.getConfiguration().getMasterUrl());
            env.put(
                    "QS_KUBECONFIG",
                    useCurrentContext ? "" : stateDir.resolve("kubeconfig").toString());
            env.put("QS_QUIVA_URL", sandbox.quiva().baseUrl());
            env.put("QS_CLORE_URL", sandbox.clore().baseUrl());
            env.put("QS_AKUA_URL", sandbox.akua().baseUrl());
            env.put("QS_OPERATOR_HTTP_PORT", Integer.toString(freePort()));
            env.put(
                    "QS_CHILD_PIDS",
                    ProcessHandle.current()
                            .descendants()
                            .map(p -> Long.toString(p.pid()))
                            .collect(Collectors.joining(" ")));
            writeAtomically(
                    stateDir.resolve("cluster.env"),
                    env.entrySet().stream()
                            .map(e -> e.getKey() + "='" + e.getValue() + "'")
                            .collect(Collectors.joining("\n", "", "\n")));
            log("ready");

            while (!stop.await(1, TimeUnit.SECONDS)) {
                if (parentPid > 0
                        && !ProcessHandle.of(parentPid)
                                .map(ProcessHandle::isAlive)
                                .orElse(false)) {
                    log(
                            "the quickstart script (pid %d) has gone: stopping the operator and everything else",
                            parentPid);
                    stopOperator(stateDir);
                    break;
                }
            }
        } finally {
            log("stopping");
            if (sandbox != null) {
                sandbox.close();
            }
            if (client != null && useCurrentContext && createdNamespace) {
                // The mirrors point at sandbox endpoints that no longer exist: leave no trace in the user's cluster.
                client.namespaces().withName(NAMESPACE).delete();
                log("namespace %s deleted", NAMESPACE);
            }
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.close();
                // It points at a server that no longer exists.
                Files.deleteIfExists(stateDir.resolve("kubeconfig"));
            }
            Files.deleteIfExists(stateDir.resolve("cluster.env"));
            log("stopped");
            stopped.countDown();
        }
    }

    /** The sandbox on 18081-18083 when asked and free, otherwise on free ports. */
    private static Sandbox startSandbox(boolean freePorts) {
        if (!freePorts) {
            try {
                return Sandbox.start(
                        Sandbox.DEFAULT_QUIVA_PORT,
                        Sandbox.DEFAULT_CLORE_PORT,
                        Sandbox.DEFAULT_AKUA_PORT,
                        1,
                        SANDBOX_TICK);
            } catch (UncheckedIOException e) {
                log(
                        "ports %d-%d are busy (%s): using free ports",
                        Sandbox.DEFAULT_QUIVA_PORT, Sandbox.DEFAULT_AKUA_PORT, e.getMessage());
            }
        }
        return Sandbox.start(0, 0, 0, 1, SANDBOX_TICK);
    }

    /** The namespace, and one Secret + ComputeProvider per sandbox provider, applied (so a rerun updates them). */
    private static void samples(KubernetesClient client, Sandbox sandbox) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .endMetadata()
                        .build())
                .serverSideApply();

        ComputeProviderSpec quiva = spec(ProviderType.Quiva, sandbox.quiva().baseUrl(), "sandbox-quiva");
        apply(client, "sandbox-quiva", QuivaSimulator.DEFAULT_TOKEN, quiva);

        ComputeProviderSpec clore = spec(ProviderType.Clore, sandbox.clore().baseUrl(), "sandbox-clore");
        CloreSpec cloreSettings = new CloreSpec();
        CloreFilter filter = new CloreFilter();
        filter.setMinMemoryGb(CLORE_MIN_MEMORY_GB);
        filter.setMinCpuCores(CLORE_MIN_CPU_CORES);
        cloreSettings.setFilter(filter);
        cloreSettings.setPricing(pricing(client));
        clore.setClore(cloreSettings);
        apply(client, "sandbox-clore", CloreSimulator.DEFAULT_TOKEN, clore);
        sampleQuery(client);

        ComputeProviderSpec akua = spec(ProviderType.Akua, sandbox.akua().baseUrl(), "sandbox-akua");
        AkuaSpec akuaSettings = new AkuaSpec();
        akuaSettings.setWorkspace(AkuaSimulator.WORKSPACE_ID);
        akua.setAkua(akuaSettings);
        apply(client, "sandbox-akua", AkuaSimulator.DEFAULT_TOKEN, akua);
    }

    /**
     * Pricing of the sample Clore account: the defaults (prices per day, normalised to USD) with a BTC-USD rate of
     * {@value #SAMPLE_BTC_USD} as of now in ConfigMap {@value #RATES_CONFIG_MAP}, so BTC-priced sandbox offers get a
     * normalised price too (for the next 24 h, the default maxRateAge).
     */
    private static PricingSettings pricing(KubernetesClient client) {
        client.configMaps()
                .inNamespace(NAMESPACE)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(RATES_CONFIG_MAP)
                        .endMetadata()
                        .withData(Map.of(
                                "BTC-USD", SAMPLE_BTC_USD + " " + Instant.now().truncatedTo(ChronoUnit.SECONDS)))
                        .build())
                .forceConflicts()
                .serverSideApply();
        PricingSettings pricing = new PricingSettings();
        pricing.setRatesConfigMapRef(new PricingSettings.ConfigMapRef(RATES_CONFIG_MAP));
        return pricing;
    }

    /** The sample GpuOfferQuery: the cheapest available RTX 4090 offers of the namespace, by price per GPU-hour. */
    private static void sampleQuery(KubernetesClient client) {
        GpuOfferQuerySpec spec = new GpuOfferQuerySpec();
        spec.setGpuModels(List.of("nvidia-geforce-rtx-4090"));
        spec.setLimit(3);
        GpuOfferQuery query = new GpuOfferQuery();
        query.setMetadata(new ObjectMetaBuilder()
                .withName(SAMPLE_QUERY)
                .withNamespace(NAMESPACE)
                .build());
        query.setSpec(spec);
        client.resource(query).forceConflicts().serverSideApply();
    }

    private static ComputeProviderSpec spec(ProviderType type, String endpoint, String name) {
        ComputeProviderSpec spec = new ComputeProviderSpec();
        spec.setType(type);
        spec.setEndpoint(endpoint);
        spec.setCredentialsSecretRef(new SecretKeyRef(name + "-credentials", "token"));
        spec.setPollInterval(POLL_INTERVAL);
        return spec;
    }

    private static void apply(KubernetesClient client, String name, String token, ComputeProviderSpec spec) {
        // The sandbox's public demo token; real credentials never go through this class.
        client.secrets()
                .inNamespace(NAMESPACE)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name + "-credentials")
                        .endMetadata()
                        .withStringData(Map.of("token", token))
                        .build())
                .forceConflicts()
                .serverSideApply();
        ComputeProvider cp = new ComputeProvider();
        cp.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        cp.setSpec(spec);
        client.resource(cp).forceConflicts().serverSideApply();
    }

    /** Stops the operator the script started, if the pid in operator.pid still is that operator. */
    private static void stopOperator(Path stateDir) throws IOException, InterruptedException {
        Path pidFile = stateDir.resolve("operator.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> operator = ProcessHandle.of(
                        Long.parseLong(Files.readString(pidFile).strip()))
                .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).stream()
                        .anyMatch(a -> a.endsWith("quarkus-run.jar")));
        if (operator.isPresent()) {
            operator.get().destroy();
            try {
                operator.get().onExit().get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                operator.get().destroyForcibly();
            }
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void log(String format, Object... args) {
        System.out.println("[quickstart-cluster] " + String.format(format, args));
        System.out.flush();
    }
}
