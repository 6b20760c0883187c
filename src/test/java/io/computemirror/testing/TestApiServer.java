package io.computemirror.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.computemirror.config.CertificateAuthentication;
import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A real control plane for integration tests: etcd, kube-apiserver and kube-controller-manager of the Kubernetes
 * version pinned in {@code hack/k8s-version.env} and the pom, from {@code hack/test-binaries.sh}.
 *
 * <p>The controller manager runs the garbage collector and the namespace controller, so ownerReference cascades and
 * namespace deletion happen as in a cluster. The processes are started here rather than by Fabric8 kube-api-test
 * (whose certificates are still used) for two things it cannot do: retry a start whose port another process took
 * between choosing and binding it, and {@link #stopApiServer() stop} and {@link #startApiServer() start} the API
 * server again on the same etcd and port, for outage tests.
 */
public final class TestApiServer implements AutoCloseable {

    /** Kubernetes version of the test API server: K8S_VERSION in hack/k8s-version.env, the one place it is pinned. */
    public static final String K8S_VERSION = System.getProperty("kube-api-test.k8s-version", pinnedK8sVersion());
    /** Controllers of kube-controller-manager the tests need: ownerReference cascades and namespace finalization. */
    static final String CONTROLLERS = "garbage-collector-controller,namespace-controller";

    private static final int PORT_ATTEMPTS = 5;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient PLAIN_HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path binDir;
    private final Path workDir;
    private final CertManager certs;
    private final List<String> extraApiServerFlags;
    private final String kubeConfigYaml;
    private final Path kubeConfigFile;
    private ControlPlaneProcess etcd;
    private int etcdPort;
    private ControlPlaneProcess apiServer;
    private int apiServerPort;
    private ControlPlaneProcess controllerManager;

    private TestApiServer(Path binDir, Path workDir, CertManager certs, List<String> extraApiServerFlags) {
        this.binDir = binDir;
        this.workDir = workDir;
        this.certs = certs;
        this.extraApiServerFlags = extraApiServerFlags;
        startEtcd();
        startApiServerOnNewPort();
        this.kubeConfigYaml = kubeConfig(apiServerPort);
        this.kubeConfigFile = workDir.resolve("kubeconfig.yaml");
        write(kubeConfigFile, kubeConfigYaml);
        awaitDefaultNamespace();
        startControllerManager();
    }

    /** Starts a fresh control plane; fails with instructions when the binaries are missing. */
    public static TestApiServer start() {
        return start(Map.of());
    }

    /** Starts a fresh control plane with extra kube-apiserver flags (e.g. audit logging for the benchmark). */
    public static TestApiServer start(Map<String, String> extraFlags) {
        Path testDir = Path.of(testDir());
        BinaryCheck.requireBinaries(testDir, K8S_VERSION);
        CertManager certs = new CertManager(testDir.toString());
        certs.createCertificatesIfNeeded();
        List<String> flags = new ArrayList<>();
        extraFlags.forEach((k, v) -> flags.addAll(List.of(k, v)));
        Path workDir;
        try {
            workDir = Files.createTempDirectory("compute-mirror-control-plane");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestApiServer started = new TestApiServer(BinaryCheck.binaryDir(testDir, K8S_VERSION), workDir, certs, flags);
        System.out.println("[test-api-server] kube-apiserver " + started.serverVersion() + " ready on port "
                + started.apiServerPort + " (etcd " + started.etcdPort + ", kube-controller-manager running "
                + CONTROLLERS + "; logs in " + workDir + ")");
        return started;
    }

    /** The directory the binaries and certificates live in (KUBE_API_TEST_DIR or ~/.kubeapitest). */
    public static String testDir() {
        String fromEnv = System.getenv("KUBE_API_TEST_DIR");
        return fromEnv != null && !fromEnv.isBlank()
                ? fromEnv
                : Path.of(System.getProperty("user.home"), ".kubeapitest").toString();
    }

    /** The directory of the pinned version's binaries for this machine's OS and architecture. */
    public static Path binaryDir() {
        return BinaryCheck.binaryDir(Path.of(testDir()), K8S_VERSION);
    }

    /** Stops kube-apiserver only (etcd and the controller manager keep running): an API-server outage begins. */
    public synchronized void stopApiServer() {
        apiServer.stop();
    }

    /** Starts kube-apiserver again on the same etcd and the same port, so every client's kubeconfig stays valid. */
    public synchronized void startApiServer() {
        if (apiServer.isAlive()) {
            throw new IllegalStateException("kube-apiserver is already running on port " + apiServerPort);
        }
        apiServer = launchApiServer(apiServerPort);
        apiServer.awaitReady(this::apiServerReady, STARTUP_TIMEOUT);
    }

    /** The API server's secure port on 127.0.0.1. */
    public int apiServerPort() {
        return apiServerPort;
    }

    /** What a kubectl run printed (stdout and stderr together) and its exit code. */
    public record KubectlRun(int exitCode, String output) {}

    /** Runs the pinned kubectl from the test binaries against {@code kubeconfig}; null exit code means it timed out. */
    public static KubectlRun kubectl(Path kubeconfig, java.time.Duration timeout, String... args) {
        Path kubectl = BinaryCheck.binaryDir(Path.of(testDir()), K8S_VERSION).resolve("kubectl");
        List<String> command =
                new java.util.ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within " + timeout);
            }
            return new KubectlRun(
                    process.exitValue(),
                    new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public String kubeConfigYaml() {
        return kubeConfigYaml;
    }

    public Path kubeConfigFile() {
        return kubeConfigFile;
    }

    /**
     * A new client for this server (the caller closes it), configured like the operator's: its client certificate
     * does not make Fabric8 reload the configuration before every request ({@link CertificateAuthentication}), so a
     * benchmark's baseline pays what the operator pays.
     */
    public KubernetesClient newClient() {
        Config config = Config.fromKubeconfig(kubeConfigYaml);
        new CertificateAuthentication().customize(config);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The server's /version gitVersion, e.g. v1.34.3. */
    public String serverVersion() {
        try (KubernetesClient client = newClient()) {
            return client.getKubernetesVersion().getGitVersion();
        }
    }

    @Override
    public synchronized void close() {
        if (controllerManager != null) {
            controllerManager.stop();
        }
        if (apiServer != null) {
            apiServer.stop();
        }
        if (etcd != null) {
            etcd.stop();
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startEtcd() {
        Path data = workDir.resolve("etcd");
        for (int attempt = 1; ; attempt++) {
            int client = freePort();
            int peer = freePort();
            String clientUrl = "http://127.0.0.1:" + client;
            String peerUrl = "http://127.0.0.1:" + peer;
            etcd = ControlPlaneProcess.start(
                    "etcd",
                    List.of(
                            binDir.resolve("etcd").toString(),
                            "--data-dir",
                            data.toString(),
                            "--listen-client-urls",
                            clientUrl,
                            "--advertise-client-urls",
                            clientUrl,
                            "--listen-peer-urls",
                            peerUrl,
                            "--initial-advertise-peer-urls",
                            peerUrl,
                            "--initial-cluster",
                            "default=" + peerUrl,
                            // Test data: a crash of the machine loses nothing the tests need, and fsync is slow on a
                            // busy disk.
                            "--unsafe-no-fsync"),
                    workDir.resolve("etcd.log"));
            try {
                etcd.awaitReady(() -> httpOk(PLAIN_HTTP, URI.create(clientUrl + "/health")), STARTUP_TIMEOUT);
                etcdPort = client;
                return;
            } catch (ControlPlaneProcess.PortTakenException e) {
                retryOrThrow("etcd", attempt, e);
                deleteTree(data);
            }
        }
    }

    private void startApiServerOnNewPort() {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            apiServer = launchApiServer(port);
            try {
                apiServerPort = port;
                apiServer.awaitReady(this::apiServerReady, STARTUP_TIMEOUT);
                return;
            } catch (ControlPlaneProcess.PortTakenException e) {
                retryOrThrow("kube-apiserver", attempt, e);
            }
        }
    }

    private static void retryOrThrow(String name, int attempt, ControlPlaneProcess.PortTakenException e) {
        if (attempt >= PORT_ATTEMPTS) {
            throw new IllegalStateException(name + " lost the race for its port " + attempt + " times", e);
        }
        System.out.println("[test-api-server] " + name + " lost the race for a port (attempt " + attempt
                + "); retrying with new ports");
    }

    private ControlPlaneProcess launchApiServer(int port) {
        // The flags of kube-api-test (so the tests see the same server as before), plus an explicit serving
        // certificate and loopback-only addresses.
        List<String> command = new ArrayList<>(List.of(
                binDir.resolve("kube-apiserver").toString(),
                "--cert-dir",
                workDir.resolve("apiserver-certs").toString(),
                "--tls-cert-file",
                certs.getAPIServerCertPath(),
                "--tls-private-key-file",
                certs.getAPIServerKeyPath(),
                "--secure-port",
                Integer.toString(port),
                "--bind-address",
                "127.0.0.1",
                // Machines without a default route fail to pick an advertise address on their own.
                "--advertise-address",
                "127.0.0.1",
                "--etcd-servers",
                "http://127.0.0.1:" + etcdPort,
                "--authorization-mode",
                "RBAC",
                "--service-account-issuer",
                "https://localhost",
                "--service-account-signing-key-file",
                certs.getAPIServerKeyPath(),
                "--service-account-key-file",
                certs.getAPIServerKeyPath(),
                "--disable-admission-plugins",
                "ServiceAccount",
                "--client-ca-file",
                certs.getClientCertPath(),
                "--service-cluster-ip-range",
                "10.0.0.0/24",
                "--allow-privileged"));
        command.addAll(extraApiServerFlags);
        return ControlPlaneProcess.start("kube-apiserver", command, workDir.resolve("kube-apiserver.log"));
    }

    private void startControllerManager() {
        Path kubeconfig = workDir.resolve("kube-controller-manager.kubeconfig");
        write(kubeconfig, kubeConfigYaml);
        controllerManager = ControlPlaneProcess.start(
                "kube-controller-manager",
                List.of(
                        binDir.resolve("kube-controller-manager").toString(),
                        "--kubeconfig",
                        kubeconfig.toString(),
                        "--controllers",
                        CONTROLLERS,
                        "--leader-elect=false",
                        // No serving port: nothing scrapes it, and parallel test JVMs would fight over the default one.
                        "--secure-port=0"),
                workDir.resolve("kube-controller-manager.log"));
        controllerManager.awaitReady(this::controllersStarted, STARTUP_TIMEOUT);
    }

    /** The controller manager logs "Started controller" per controller once its informers are wired up. */
    private boolean controllersStarted() {
        try {
            String log = Files.readString(controllerManager.log(), StandardCharsets.UTF_8);
            return log.contains("\"Started controller\" controller=\"garbage-collector-controller\"")
                    && log.contains("\"Started controller\" controller=\"namespace-controller\"");
        } catch (IOException e) {
            return false;
        }
    }

    /** /readyz as the admin (anonymous requests get 401), without the client's retries. */
    private boolean apiServerReady() {
        Config probe = new ConfigBuilder(Config.fromKubeconfig(kubeConfig(apiServerPort)))
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(2_000)
                .withRequestTimeout(2_000)
                .build();
        try (KubernetesClient client =
                new KubernetesClientBuilder().withConfig(probe).build()) {
            return "ok".equals(client.raw("/readyz"));
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    private void awaitDefaultNamespace() {
        try (KubernetesClient client = newClient()) {
            apiServer.awaitReady(
                    () -> {
                        try {
                            return client.namespaces().withName("default").get() != null;
                        } catch (KubernetesClientException e) {
                            return false;
                        }
                    },
                    STARTUP_TIMEOUT);
        }
    }

    private static boolean httpOk(HttpClient http, URI uri) {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String kubeConfig(int port) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: compute-mirror-test
                  cluster:
                    server: https://127.0.0.1:%d
                    certificate-authority-data: %s
                users:
                - name: compute-mirror-test-admin
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: compute-mirror-test
                  context:
                    cluster: compute-mirror-test
                    user: compute-mirror-test-admin
                    namespace: default
                current-context: compute-mirror-test
                """
                .formatted(
                        port,
                        base64(certs.getAPIServerCertPath()),
                        base64(certs.getClientCertPath()),
                        base64(certs.getClientKeyPath()));
    }

    private static String base64(String file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free on 127.0.0.1 right now; the caller retries when another process takes it before the bind. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the binaries are looked for, and the message when they are not there. */
    static final class BinaryCheck {
        static final List<String> BINARIES = List.of("kube-apiserver", "etcd", "kubectl", "kube-controller-manager");

        private BinaryCheck() {}

        static Path binaryDir(Path testDir, String version) {
            return testDir.resolve("k8s").resolve(version + "-" + platform());
        }

        /** os-arch as hack/test-binaries.sh names the directory: linux or darwin, amd64 or arm64. */
        static String platform() {
            String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
            return (os.startsWith("mac") ? "darwin" : os.startsWith("linux") ? "linux" : os) + "-"
                    + (arch.equals("x86_64") || arch.equals("amd64")
                            ? "amd64"
                            : arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : arch);
        }

        static void requireBinaries(Path testDir, String version) {
            Path dir = binaryDir(testDir, version);
            List<String> missing = BINARIES.stream()
                    .filter(b -> !Files.isExecutable(dir.resolve(b)))
                    .toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException(missingMessage(dir, version, missing));
            }
        }

        static String missingMessage(Path dir, String version, List<String> missing) {
            return "The integration tests need a real Kubernetes control plane, but " + String.join(", ", missing)
                    + " (Kubernetes " + version + ") " + (missing.size() == 1 ? "is" : "are") + " missing in " + dir
                    + ".\n"
                    + "  ./mvnw verify installs them itself before the integration tests (hack/test-binaries.sh: the"
                    + " envtest download, and Go for kube-controller-manager, 15-25 minutes the first time); run that"
                    + " script by hand when you start an integration test from an IDE.\n"
                    + "  (KUBE_API_TEST_DIR overrides the directory "
                    + dir.getParent().getParent() + ").";
        }
    }

    private static String pinnedK8sVersion() {
        Path env = Path.of("hack", "k8s-version.env");
        try {
            return Files.readAllLines(env).stream()
                    .filter(l -> l.startsWith("K8S_VERSION="))
                    .map(l -> l.substring("K8S_VERSION=".length()).strip())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no K8S_VERSION line in " + env.toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the pinned Kubernetes version from " + env.toAbsolutePath()
                            + " (tests run from the project root)",
                    e);
        }
    }
}
