package io.computemirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

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
                .contains(
                        "computeprovider.computemirror.io/akua-main",
                        "machine.computemirror.io/build-worker",
                        "gpuoffer.computemirror.io/clore-rtx-d63d2545-af1a-42e8-9d4b-2f36b064f0be");

        String all = kubectl(
                server,
                "get",
                "machines.computemirror.io,gpuoffers.computemirror.io," + "computeproviders.computemirror.io",
                "-A");
        assertThat(all)
                .containsPattern("NAMESPACE +NAME +PROVIDER +EXTERNAL-ID +PHASE +SUSPEND +READY +AGE")
                .containsPattern(
                        "NAMESPACE +NAME +GPU +GPUS +VRAM +PRICE +CURRENCY +PRICE/GPU-H +COUNTRY +AVAILABLE +AGE")
                .containsPattern("NAMESPACE +NAME +TYPE +READY +OBJECTS +LAST-POLL +AGE")
                .containsPattern("build-worker +akua-main +mch_8f3kd02lq +true");
        assertThat(kubectl(server, "get", "machines.computemirror.io", "-o", "wide", "-A"))
                .containsPattern("READY +AGE +ADDRESS +PROVIDER-STATE");
        assertThat(kubectl(server, "get", "gpuoffers.computemirror.io", "-o", "wide", "-A"))
                .containsPattern("AVAILABLE +AGE +PROVIDER +EXTERNAL-ID")
                .containsPattern(
                        "clore-rtx-d63d2545-af1a-42e8-9d4b-2f36b064f0be +.* +clore-rtx +d63d2545-af1a-42e8-9d4b-2f36b064f0be");
        assertThat(kubectl(server, "get", "computemirror", "-A"))
                .contains(
                        "computeprovider.computemirror.io/akua-main",
                        "machine.computemirror.io/build-worker",
                        "gpuoffer.computemirror.io/clore-rtx-d63d2545-af1a-42e8-9d4b-2f36b064f0be");
        assertThat(kubectl(server, "get", "cprov,cmm,gpo", "-A")).contains("akua-main", "build-worker");
    }

    private static String kubectl(TestApiServer server, String... args) {
        TestApiServer.KubectlRun run = TestApiServer.kubectl(server.kubeConfigFile(), Duration.ofSeconds(60), args);
        assertThat(run.exitCode())
                .as("kubectl %s:%n%s", String.join(" ", args), run.output())
                .isZero();
        return run.output();
    }
}
