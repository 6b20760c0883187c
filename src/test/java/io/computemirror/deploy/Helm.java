package io.computemirror.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The real {@code helm} binary, as installed by {@code hack/tools.sh} (version pinned in hack/tools.env). Missing
 * helm fails the test with instructions; it never skips.
 */
final class Helm {

    static final Path CHART = Path.of("helm", "compute-mirror");
    static final String RELEASE = "compute-mirror";
    static final String NAMESPACE = "compute-mirror";

    private final Path binary;

    private Helm(Path binary) {
        this.binary = binary;
    }

    /** The helm binary: -Dhelm.binary, else $HELM, else where hack/tools.sh installs it. */
    static Helm find() {
        String configured = System.getProperty("helm.binary", System.getenv("HELM"));
        Path path = configured != null && !configured.isBlank() ? Path.of(configured) : defaultPath();
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("The chart tests need the real helm binary, but " + path + " is missing.\n"
                    + "  Install it with:  hack/tools.sh   (builds helm " + pinnedVersion()
                    + " from the Go module proxy; .ci/run calls it before ./mvnw verify)\n"
                    + "  or point -Dhelm.binary / $HELM at a helm 3 binary.");
        }
        return new Helm(path);
    }

    private static Path defaultPath() {
        String tools = System.getenv("COMPUTEMIRROR_TOOLS_DIR");
        Path dir = tools != null && !tools.isBlank()
                ? Path.of(tools)
                : Path.of(System.getProperty("user.home"), ".cache", "compute-mirror", "tools");
        return dir.resolve("helm-" + pinnedVersion()).resolve("helm");
    }

    static String pinnedVersion() {
        try {
            return Files.readAllLines(Path.of("hack", "tools.env")).stream()
                    .filter(l -> l.startsWith("HELM_VERSION="))
                    .map(l -> l.substring("HELM_VERSION=".length()).strip())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no HELM_VERSION in hack/tools.env"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code helm template} of the chart with --set values (release compute-mirror in namespace compute-mirror). */
    String template(Map<String, String> values, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "template",
                RELEASE,
                CHART.toString(),
                "--namespace",
                NAMESPACE,
                "--kube-version",
                TestApiServer.K8S_VERSION));
        values.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        args.addAll(List.of(extraArgs));
        return run(args).stdout();
    }

    /** Parses rendered YAML into objects (empty documents dropped). */
    static List<HasMetadata> objects(String yaml) {
        Object parsed = Serialization.unmarshal(yaml);
        if (parsed instanceof KubernetesList list) {
            return list.getItems();
        }
        if (parsed instanceof List<?> list) {
            return list.stream()
                    .filter(HasMetadata.class::isInstance)
                    .map(HasMetadata.class::cast)
                    .toList();
        }
        return parsed == null ? List.of() : List.of((HasMetadata) parsed);
    }

    record Result(int exitCode, String stdout, String stderr) {}

    Result run(List<String> args) {
        Result result = runAllowingFailure(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("helm " + String.join(" ", args) + " failed (exit " + result.exitCode() + "):\n"
                    + result.stderr() + result.stdout());
        }
        return result;
    }

    Result runAllowingFailure(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        try {
            Path out = Files.createTempFile("helm", ".out");
            Path err = Files.createTempFile("helm", ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("helm " + String.join(" ", args) + " did not finish in 60 s");
                }
                return new Result(
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
