package io.computemirror.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A real kube-apiserver + etcd (Fabric8 kube-api-test) for integration tests, of the Kubernetes version pinned
 * in {@code hack/k8s-version.env} and the pom. Offline by default: the binaries come from
 * {@code hack/test-binaries.sh}; without them the start fails with a message that says how to get them.
 */
public final class TestApiServer implements AutoCloseable {

    /** Kubernetes version of the test API server; the failsafe configuration passes the pom's value. */
    public static final String K8S_VERSION = System.getProperty("kube-api-test.k8s-version", "1.34.3");
    private static final boolean OFFLINE = Boolean.parseBoolean(System.getProperty("kube-api-test.offline", "true"));

    private final KubeAPIServer server;
    private final String kubeConfigYaml;
    private final Path kubeConfigFile;

    private TestApiServer(KubeAPIServer server) {
        this.server = server;
        this.kubeConfigYaml = server.getKubeConfigYaml();
        try {
            this.kubeConfigFile = Files.createTempFile("compute-mirror-kubeconfig", ".yaml");
            Files.writeString(kubeConfigFile, kubeConfigYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a fresh API server; fails with instructions when the binaries are missing in offline mode. */
    public static TestApiServer start() {
        return start(java.util.Map.of());
    }

    /** Starts a fresh API server with extra kube-apiserver flags (e.g. audit logging for the benchmark). */
    public static TestApiServer start(java.util.Map<String, String> extraFlags) {
        String testDir = testDir();
        if (OFFLINE) {
            BinaryCheck.requireBinaries(Path.of(testDir), K8S_VERSION);
        }
        KubeAPIServerConfigBuilder config = KubeAPIServerConfigBuilder.anAPIServerConfig();
        extraFlags.forEach(config::withApiServerFlag);
        KubeAPIServer server = new KubeAPIServer(config
                .withTestDir(testDir)
                .withApiServerVersion(K8S_VERSION)
                .withOfflineMode(OFFLINE)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(120_000)
                // Machines without a default route fail to pick an advertise address on their own.
                .withApiServerFlag("--advertise-address", "127.0.0.1")
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .build());
        server.start();
        TestApiServer started = new TestApiServer(server);
        System.out.println("[test-api-server] kube-apiserver " + started.serverVersion() + " ready");
        return started;
    }

    /** The directory kube-api-test reads binaries from (KUBE_API_TEST_DIR or ~/.kubeapitest). */
    public static String testDir() {
        String fromEnv = System.getenv("KUBE_API_TEST_DIR");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : Path.of(System.getProperty("user.home"), ".kubeapitest").toString();
    }

    /** What a kubectl run printed (stdout and stderr together) and its exit code. */
    public record KubectlRun(int exitCode, String output) {
    }

    /** Runs the pinned kubectl from the test binaries against {@code kubeconfig}; null exit code means it timed out. */
    public static KubectlRun kubectl(Path kubeconfig, java.time.Duration timeout, String... args) {
        Path kubectl = BinaryCheck.binaryDir(Path.of(testDir()), K8S_VERSION).resolve("kubectl");
        List<String> command = new java.util.ArrayList<>(List.of(kubectl.toString(), "--kubeconfig",
                kubeconfig.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within " + timeout);
            }
            return new KubectlRun(process.exitValue(),
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

    /** A new client for this server (the caller closes it). */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
    }

    /** The server's /version gitVersion, e.g. v1.34.3. */
    public String serverVersion() {
        try (KubernetesClient client = newClient()) {
            return client.getKubernetesVersion().getGitVersion();
        }
    }

    @Override
    public void close() {
        server.stop();
        try {
            Files.deleteIfExists(kubeConfigFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where kube-api-test looks for the binaries, and the message when they are not there. */
    static final class BinaryCheck {
        static final List<String> BINARIES = List.of("kube-apiserver", "etcd", "kubectl");

        private BinaryCheck() {
        }

        static Path binaryDir(Path testDir, String version) {
            return testDir.resolve("k8s").resolve(version + "-linux-amd64");
        }

        static void requireBinaries(Path testDir, String version) {
            Path dir = binaryDir(testDir, version);
            List<String> missing = BINARIES.stream().filter(b -> !Files.isExecutable(dir.resolve(b))).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException(missingMessage(dir, version, missing));
            }
        }

        static String missingMessage(Path dir, String version, List<String> missing) {
            return "The integration tests need a real Kubernetes API server, but " + String.join(", ", missing)
                    + " (Kubernetes " + version + ") " + (missing.size() == 1 ? "is" : "are") + " missing in " + dir + ".\n"
                    + "  Get them with:  hack/test-binaries.sh   (builds kube-apiserver, etcd and kubectl from the Go module"
                    + " proxy; needs Go, 10-20 minutes the first time)\n"
                    + "  or, on a machine with internet access, let kube-api-test download them:"
                    + "  ./mvnw verify -Dkube-api-test.offline=false\n"
                    + "  (KUBE_API_TEST_DIR overrides the directory " + dir.getParent().getParent() + ").";
        }
    }
}
