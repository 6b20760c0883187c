package io.computemirror.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@code hack/quickstart.sh --check} as a user runs it, on the jar {@code package} built: a local API server, the
 * sandbox on free ports, the operator as its own process, mirrors within 60 s, a suspend, and a teardown that leaves
 * no process behind. The script checks all of it; this test checks its exit code, what it printed, and, on its own,
 * that none of the processes it reported is still running.
 */
class QuickstartIT {

    private static final Path LOG = Path.of("target", "quickstart-it.log");
    private static final long TIMEOUT_SECONDS = 150;

    @Test
    void quickstartCheckShowsMirrorsSuspendsAMachineAndLeavesNoProcess() throws Exception {
        Process script = new ProcessBuilder(
                        "bash", "hack/quickstart.sh", "--check", "--no-build", "--state-dir=target/quickstart-it")
                .redirectErrorStream(true)
                .redirectOutput(LOG.toFile())
                .start();
        boolean finished = script.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            // SIGTERM: the script's trap tears everything down, as after Ctrl-C.
            script.destroy();
            script.waitFor(90, TimeUnit.SECONDS);
        }
        String output = Files.readString(LOG);
        assertThat(finished)
                .as("hack/quickstart.sh --check finished within %d s:%n%s", TIMEOUT_SECONDS, output)
                .isTrue();
        assertThat(script.exitValue()).as(output).isZero();

        Matcher mirrors = Pattern.compile("first mirrors after ([0-9.]+)s: ([0-9]+) Quiva machines, ([0-9]+) Akua "
                        + "machines, ([0-9]+) GpuOffers")
                .matcher(output);
        assertThat(mirrors.find()).as(output).isTrue();
        assertThat(Double.parseDouble(mirrors.group(1)))
                .as("seconds to the first mirrors")
                .isLessThanOrEqualTo(60);
        assertThat(Integer.parseInt(mirrors.group(2))).isPositive();
        assertThat(Integer.parseInt(mirrors.group(3))).isPositive();
        assertThat(Integer.parseInt(mirrors.group(4))).isPositive();
        assertThat(output)
                .contains("computeprovider.computemirror.io/sandbox-akua condition met")
                .contains("computeprovider.computemirror.io/sandbox-clore condition met")
                .contains("computeprovider.computemirror.io/sandbox-quiva condition met")
                .contains("gpuofferquery.computemirror.io/rtx-4090 condition met")
                // The README's and getting-started's quickstart commands, run as written by the script.
                .contains("running the quickstart commands of README.md and docs/getting-started.md as written")
                .containsPattern("rtx-4090 +[0-9]+ +")
                .containsPattern("check: sandbox-akua-\\S+ Suspended and Ready=True \\(generation [0-9]+\\)")
                .containsPattern("check PASSED: .*Suspended after [0-9.]+s; no process left behind");

        List<Long> started = startedPids(output);
        assertThat(started).as("cluster JVM, kube-apiserver, etcd, operator").hasSizeGreaterThanOrEqualTo(4);
        assertThat(started).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("process %d started by the quickstart", pid)
                .isEmpty());
    }

    /** The pids the script reported in "stopped; no process left behind (checked pids ...)". */
    private static List<Long> startedPids(String output) {
        Matcher m = Pattern.compile("checked pids ([0-9 ]+) and their process groups")
                .matcher(output);
        assertThat(m.find()).as(output).isTrue();
        List<Long> pids = new ArrayList<>();
        for (String pid : m.group(1).trim().split(" +")) {
            pids.add(Long.parseLong(pid));
        }
        return pids;
    }
}
