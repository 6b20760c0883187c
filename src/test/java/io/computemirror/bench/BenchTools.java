package io.computemirror.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;

/** What the benchmarks share: the operator's JVM settings, an audited API server, and reading figures back. */
final class BenchTools {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchTools() {}

    /**
     * The operator's JVM options: the Helm chart's ({@link ChartJvm}, so the figures say whether the operator fits in
     * the chart's memory limit), or {@code bench.operator-jvm} (BENCH_JVM) and {@code bench.operator-heap}
     * (BENCH_HEAP) where given.
     */
    static List<String> operatorJvm() {
        ChartJvm chart = ChartJvm.read(Path.of("helm/compute-mirror/values.yaml"));
        String heap = System.getProperty("bench.operator-heap", "").trim();
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + (heap.isEmpty() ? chart.heap() : heap)));
        String options = System.getProperty("bench.operator-jvm", "").trim();
        jvm.addAll(options.isEmpty() ? chart.options() : List.of(options.split("\\s+")));
        if (memoryReport()) {
            jvm.add("-XX:NativeMemoryTracking=summary");
        }
        return jvm;
    }

    /** Whether to print where the operator's memory goes ({@code bench.memory-report}, BENCH_MEMORY_REPORT=true). */
    static boolean memoryReport() {
        return Boolean.getBoolean("bench.memory-report");
    }

    /**
     * Prints the operator's Native Memory Tracking summary (heap, metaspace, code cache, thread stacks, GC, other
     * native memory) and the classes with the most live bytes in its heap (after the full GC the histogram forces).
     */
    static void printMemoryReport(long pid, int topClasses) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        List<String> nmt = run(jcmd, Long.toString(pid), "VM.native_memory", "summary", "scale=MB");
        nmt.stream()
                .filter(line -> line.startsWith("Total") || line.matches("^-\\s+\\S.*\\(reserved=.*"))
                .forEach(line ->
                        System.out.println("[memory] " + line.replace("-  ", "").trim()));
        List<String> histogram = run(jcmd, Long.toString(pid), "GC.class_histogram");
        histogram.stream().limit(3L + topClasses).forEach(line -> System.out.println("[memory] " + line));
        histogram.stream()
                .filter(line -> line.startsWith("Total"))
                .forEach(line -> System.out.println("[memory] " + line));
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines;
        try (var reader = process.inputReader()) {
            lines = reader.lines().toList();
        }
        process.waitFor();
        return lines;
    }

    /** A real API server whose audit log (in {@code work}) records every write to the given computemirror.io resources. */
    static TestApiServer auditedApiServer(Path work, String resources) throws IOException {
        Path policy = work.resolve("audit-policy.yaml");
        Files.writeString(
                policy,
                """
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitStages: ["RequestReceived"]
                rules:
                - level: Metadata
                  resources:
                  - group: computemirror.io
                    resources: [%s]
                  verbs: ["create", "update", "patch", "delete", "deletecollection"]
                - level: None
                """
                        .formatted(resources));
        return TestApiServer.start(Map.of(
                "--audit-policy-file",
                policy.toString(),
                "--audit-log-path",
                auditLog(work).toString(),
                "--audit-log-mode",
                "blocking",
                // One file for the whole run: the API server rotates at 100 MB by default (lumberjack's default for
                // 0), which 30,000 offers pass, and the figures read this one file.
                "--audit-log-maxsize",
                "100000"));
    }

    static Path auditLog(Path work) {
        return work.resolve("audit.log");
    }

    /** Completed requests in the audit log that match {@code filter}. */
    static long audited(Path auditLog, Predicate<JsonNode> filter) throws IOException {
        if (!Files.exists(auditLog)) {
            return 0;
        }
        try (var lines = Files.lines(auditLog)) {
            return lines.map(BenchTools::parse)
                    .filter(e -> "ResponseComplete".equals(e.path("stage").asText()))
                    .filter(filter)
                    .count();
        }
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable audit line: " + line, e);
        }
    }

    /** The mirror count the ComputeProvider {@code clore} of {@code ns} reports, or -1 before it reports one. */
    static int total(KubernetesClient client, String ns) {
        ComputeProvider cp = client.resources(ComputeProvider.class)
                .inNamespace(ns)
                .withName("clore")
                .get();
        return cp.getStatus() == null
                        || cp.getStatus().getObjects() == null
                        || cp.getStatus().getObjects().getTotal() == null
                ? -1
                : cp.getStatus().getObjects().getTotal();
    }

    /** How often a benchmark looks at what it waits for (each keeps its own: the sync's reads load the server less). */
    record Poller(Duration every) {

        /** Waits until the ComputeProvider {@code clore} of {@code ns} reports {@code polls} more completed polls. */
        void awaitPolls(KubernetesClient client, String ns, int polls) {
            for (int i = 0; i < polls; i++) {
                String last = lastPoll(client, ns);
                awaitTrue(Duration.ofMinutes(2), () -> !last.equals(lastPoll(client, ns)));
            }
        }

        void awaitTrue(Duration timeout, BooleanSupplier condition) {
            Instant deadline = Instant.now().plus(timeout);
            while (!condition.getAsBoolean()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("timed out after " + timeout);
                }
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static String lastPoll(KubernetesClient client, String ns) {
        ComputeProvider cp = client.resources(ComputeProvider.class)
                .inNamespace(ns)
                .withName("clore")
                .get();
        return String.valueOf(cp.getStatus().getLastPollTime());
    }

    static long peakRssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmHWM for pid " + pid);
    }

    /** User plus system CPU time of a process, in ms (from /proc, in clock ticks of 10 ms). */
    static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /** What a benchmark does, start to end. */
    interface Benchmark {
        void run() throws Exception;
    }

    /**
     * Runs a benchmark and ends the JVM with its outcome: client and simulator pools leave non-daemon threads behind,
     * so neither the figures nor a failure would otherwise end the script.
     */
    static void exitWhenDone(Benchmark benchmark) {
        try {
            benchmark.run();
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    static double round(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.2f", value));
    }
}
