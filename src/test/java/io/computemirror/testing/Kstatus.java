package io.computemirror.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The verdict of the real kstatus library ({@code sigs.k8s.io/cli-utils}, what Flux's health checks use) on a live
 * object: {@code hack/kstatus}, built by {@code hack/tools.sh}. A missing binary fails the test with instructions.
 */
public final class Kstatus {

    /** kstatus' answer: {@code status} is InProgress, Failed, Current, Terminating, NotFound or Unknown. */
    public record Verdict(String status, String message) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private Kstatus() {}

    /** Reads {@code resource} from the API server as it is now and asks kstatus about it. */
    public static Verdict of(KubernetesClient client, HasMetadata resource) {
        HasMetadata live = client.resource(resource).get();
        if (live == null) {
            return new Verdict(
                    "NotFound",
                    resource.getKind() + " " + resource.getMetadata().getName() + " not found");
        }
        return of(Serialization.asJson(live));
    }

    /** Asks kstatus about one object given as JSON. */
    public static Verdict of(String objectJson) {
        Path binary = binary();
        try {
            Process process = new ProcessBuilder(binary.toString())
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().write(objectJson.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kstatus failed: " + err.strip());
            }
            JsonNode verdict = JSON.readTree(out);
            return new Verdict(
                    verdict.path("status").asText(), verdict.path("message").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path binary() {
        try {
            Process process = new ProcessBuilder("bash", "hack/tools.sh", "--print-kstatus").start();
            String path = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor(30, TimeUnit.SECONDS);
            Path binary = Path.of(path);
            if (path.isEmpty() || !Files.isExecutable(binary)) {
                throw new IllegalStateException("The kstatus checks need hack/kstatus built, but '" + path
                        + "' is missing.\n  Build it with:  hack/tools.sh   (sigs.k8s.io/cli-utils from the Go module "
                        + "proxy; .ci/run and ./mvnw verify call it before the integration tests)");
            }
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
