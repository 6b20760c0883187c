package io.computemirror.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged operator ({@code target/quarkus-app/quarkus-run.jar}, built by {@code ./mvnw package} before the
 * integration tests run) as a separate JVM, as in a container: its own environment, a kubeconfig, its own HTTP port
 * for health and metrics, and a log file.
 */
public final class OperatorProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Variables of the test's own environment that must not leak into the operator's. */
    private static final List<String> SCRUBBED = List.of(
            "POD_NAMESPACE",
            "POD_NAME",
            "KUBERNETES_SERVICE_HOST",
            "QUARKUS_OPERATOR_SDK_NAMESPACES",
            "JAVA_TOOL_OPTIONS",
            "HELM");

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private OperatorProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Tests' JVM settings: a small heap, and C1 only, which starts faster on two cores. */
    public static final List<String> TEST_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** Starts the operator with {@link #TEST_JVM}; its log is {@code <workDir>/<name>.log}. */
    public static OperatorProcess start(String name, Path kubeconfig, Map<String, String> env, Path workDir) {
        return start(name, kubeconfig, env, workDir, TEST_JVM);
    }

    /** Starts the operator with the given JVM options (the benchmark wants the full JIT and its own heap). */
    public static OperatorProcess start(
            String name, Path kubeconfig, Map<String, String> env, Path workDir, List<String> jvmOptions) {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: the integration tests run after ./mvnw package builds it");
        }
        try {
            int port = freePort();
            Path log = workDir.resolve(name + ".log");
            Files.createDirectories(workDir);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            SCRUBBED.forEach(pb.environment()::remove);
            pb.environment().putAll(env);
            pb.environment().put("KUBECONFIG", kubeconfig.toString());
            pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            return new OperatorProcess(name, pb.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until Quarkus says it started; fails with the log's tail when it died or took too long. */
    public OperatorProcess awaitStarted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().contains(" started in ")) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(this + " exited with " + process.exitValue() + ":\n" + tail());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(this + " did not start within " + timeout + ":\n" + tail());
    }

    private String tail() {
        String text = log();
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log's lines that contain {@code text}. */
    public List<String> logLines(String text) {
        return log().lines().filter(l -> l.contains(text)).toList();
    }

    /** HTTP status of GET {@code path} on the operator's port, or -1 while it does not answer. */
    public int status(String path) {
        return get(path).statusCode();
    }

    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Unanswered(path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ends the JVM at once (SIGKILL), as a crashed node or an OOM kill would: the Lease is not released. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Asks the JVM to stop (SIGTERM, as the kubelet does) and says whether it ended within {@code timeout}. */
    public boolean terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ", log " + log + ")";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A response for a port that does not answer yet. */
    private record Unanswered(String path) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return -1;
        }

        @Override
        public HttpRequest request() {
            return null;
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public String body() {
            return "";
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public URI uri() {
            return URI.create("http://127.0.0.1" + path);
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
