package io.computemirror.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.TestApiServer;

/**
 * {@code hack/quickstart.sh --check --use-current-context} against a cluster it did not start, with no test binaries
 * where the script would look for them: the mode the README offers to machines that cannot get the binaries. Only a
 * kubectl on the PATH is given (the harness's, since a fresh machine may have none).
 */
@ExtendWith(ApiServerExtension.class)
class QuickstartCurrentContextIT {

    private static final Path LOG = Path.of("target", "quickstart-current-context-it.log");
    private static final long TIMEOUT_SECONDS = 150;

    @Test
    void currentContextNeedsNoTestBinaries(TestApiServer server, @TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, server.kubeConfigYaml());
        Path noBinaries = Files.createDirectories(dir.resolve("no-test-binaries"));
        ProcessBuilder builder = new ProcessBuilder(
                        "bash",
                        "hack/quickstart.sh",
                        "--check",
                        "--no-build",
                        "--use-current-context",
                        "--state-dir=target/quickstart-current-context-it")
                .redirectErrorStream(true)
                .redirectOutput(LOG.toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("KUBE_API_TEST_DIR", noBinaries.toString());
        builder.environment()
                .put(
                        "PATH",
                        TestApiServer.binaryDir() + ":" + builder.environment().get("PATH"));
        Process script = builder.start();
        boolean finished = script.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            script.destroy();
            script.waitFor(90, TimeUnit.SECONDS);
        }
        String output = Files.readString(LOG);
        assertThat(finished)
                .as("finished within %d s:%n%s", TIMEOUT_SECONDS, output)
                .isTrue();
        assertThat(script.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("starting: CRDs and samples in the current context's cluster")
                .containsPattern("check PASSED: .*Suspended after [0-9.]+s; no process left behind")
                .as("hack/test-binaries.sh was not run")
                .doesNotContain("[test-binaries]");
        try (Stream<Path> installed = Files.walk(noBinaries)) {
            assertThat(installed.filter(Files::isRegularFile))
                    .as("nothing installed")
                    .isEmpty();
        }
    }
}
