package io.computemirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.TestApiServer;

/** What a user types, run with the real kubectl of the pinned version against the real API server. */
@ExtendWith(ApiServerExtension.class)
class KubectlIT {

    @Test
    void crdsAndExamplesApplyAndKubectlShowsTheDocumentedColumns(TestApiServer server) throws Exception {
        assertThat(kubectl(server, "apply", "-f", "crds/")).contains("computeproviders.computemirror.io");
        kubectl(server, "wait", "--for=condition=Established", "--timeout=60s", "-f", "crds/");
        assertThat(kubectl(server, "apply", "-R", "-f", "deploy/examples/"))
                .contains("computeprovider.computemirror.io/akua-main", "machine.computemirror.io/build-worker",
                        "gpuoffer.computemirror.io/clore-rtx-d63d2545-af1a-42e8-9d4b-2f36b064f0be");

        String all = kubectl(server, "get", "machines.computemirror.io,gpuoffers.computemirror.io,"
                + "computeproviders.computemirror.io", "-A");
        assertThat(all).containsPattern("NAMESPACE +NAME +PROVIDER +EXTERNAL-ID +PHASE +SUSPEND +READY +AGE")
                .containsPattern("NAMESPACE +NAME +GPU +GPUS +VRAM +PRICE +CURRENCY +COUNTRY +AVAILABLE +AGE")
                .containsPattern("NAMESPACE +NAME +TYPE +READY +OBJECTS +LAST-POLL +AGE")
                .containsPattern("build-worker +akua-main +mch_8f3kd02lq +true");
        assertThat(kubectl(server, "get", "machines.computemirror.io", "-o", "wide", "-A"))
                .containsPattern("READY +AGE +ADDRESS +PROVIDER-STATE");
        assertThat(kubectl(server, "get", "computemirror", "-A"))
                .contains("computeprovider.computemirror.io/akua-main", "machine.computemirror.io/build-worker",
                        "gpuoffer.computemirror.io/clore-rtx-d63d2545-af1a-42e8-9d4b-2f36b064f0be");
        assertThat(kubectl(server, "get", "cprov,cmm,gpo", "-A")).contains("akua-main", "build-worker");
    }

    private static String kubectl(TestApiServer server, String... args) throws IOException, InterruptedException {
        Path kubectl = Path.of(TestApiServer.testDir(), "k8s", TestApiServer.K8S_VERSION + "-linux-amd64", "kubectl");
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", server.kubeConfigFile().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s finished", String.join(" ", args)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("kubectl %s:%n%s", String.join(" ", args), output).isZero();
        return output;
    }
}
