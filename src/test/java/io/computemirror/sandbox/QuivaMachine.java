package io.computemirror.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Mutable state of one Quiva machine, and its seeded generation; guarded by the simulator lock. */
final class QuivaMachine {

    private static final List<String> RUNTIMES = List.of("nodejs", "python", "go", "docker");
    private static final List<String> NODES = List.of("mc-eu-one", "mc-eu-two", "mc-us-one");
    private static final int[] MEMORY_MB = {128, 256, 512, 1024, 2048};
    private static final Instant BASE = Instant.parse("2025-07-07T12:19:37.195049286Z");

    String id;
    long pid;
    String status;
    String runtime;
    String runtimeVersion;
    int memoryMb;
    Instant created;
    String namespace;
    String service;
    String serviceVersion;
    String node;
    String cpu;
    long cpuUsage;
    long memoryUsage;

    /** A sample machine with id {@code id}, drawn from {@code random}; 7 in 10 are running. */
    static QuivaMachine generate(Random random, String id) {
        QuivaMachine m = new QuivaMachine();
        m.id = id;
        m.pid = 1000 + random.nextInt(120_000);
        m.status = QuivaSimulator.STATUSES.get(random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(2));
        m.runtime = RUNTIMES.get(random.nextInt(RUNTIMES.size()));
        m.runtimeVersion = Integer.toString(4000 + random.nextInt(500));
        m.memoryMb = MEMORY_MB[random.nextInt(MEMORY_MB.length)];
        m.created = BASE.plusSeconds(random.nextInt(30 * 24 * 3600)).plusNanos(random.nextInt(1_000_000_000));
        m.namespace = Long.toString(1_753_000_000L + random.nextInt(1_000_000));
        m.service = Integer.toString(100_000_000 + random.nextInt(20_000_000));
        m.serviceVersion = Integer.toString(5000 + random.nextInt(500));
        m.node = NODES.get(random.nextInt(NODES.size()));
        m.cpu = Long.toString(824_000_000_000L + random.nextInt(1_000_000_000));
        m.cpuUsage = 100_000_000L + random.nextInt(900_000_000);
        m.memoryUsage = 10_000_000L + random.nextInt(50_000_000);
        return m;
    }

    QuivaSimulator.MachineView view() {
        return new QuivaSimulator.MachineView(id, status, runtime, namespace, service);
    }
}
