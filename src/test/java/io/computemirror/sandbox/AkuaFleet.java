package io.computemirror.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The Akua machines: seeded generation, state changes (suspend, resume, new etags) and lookups. Machines are kept
 * sorted by id, the listing order. Etags are decimal strings from one counter, so every change gives a new, never
 * reused etag. A suspended machine of identity kind {@code recyclable} loses {@code public_ip} and
 * {@code node_name} and gets a new public IP on resume. Callers hold the simulator lock.
 */
final class AkuaFleet {

    /** The machine states of the spec. */
    static final Set<String> STATES =
            Set.of("ACTIVE", "PROVISIONING", "SUSPENDING", "SUSPENDED", "RESUMING", "DELETING");

    private final TreeMap<String, AkuaMachine> machines = new TreeMap<>();
    private final Supplier<Instant> clock;
    private long etagCounter;
    private Random random = new Random(0);

    AkuaFleet(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** All machines by id. */
    TreeMap<String, AkuaMachine> byId() {
        return machines;
    }

    /** The machine, or 404. */
    AkuaMachine require(String id) {
        AkuaMachine m = machines.get(id);
        if (m == null) {
            throw SimulatorException.notFound("machine " + id + " not found");
        }
        return m;
    }

    /** A seeded random source for ids of new objects (operations, suspensions). */
    Random random() {
        return random;
    }

    /** Gives the machine a new etag. */
    void touch(AkuaMachine m) {
        m.etag = Long.toString(++etagCounter);
        m.updatedAt = Math.max(m.updatedAt, clock.get().getEpochSecond());
    }

    /** Sets a state the caller validated against {@link #STATES}; SUSPENDED and ACTIVE fill or clear the rest. */
    void force(AkuaMachine m, String state) {
        switch (state) {
            case "SUSPENDED" -> suspend(m, "manual");
            case "ACTIVE" -> resume(m);
            default -> {
                m.state = state;
                touch(m);
            }
        }
    }

    void suspend(AkuaMachine m, String reason) {
        m.state = "SUSPENDED";
        m.suspensionId = "sev_" + SeededIds.lowerAlnum(random, 16);
        m.snapshotId = 10_000_000L + random.nextInt(90_000_000);
        m.snapshotSizeGb = 20 + random.nextInt(200);
        m.suspensionExpiresAt = clock.get().plus(Duration.ofDays(30)).getEpochSecond();
        m.monthlyCostCents = m.snapshotSizeGb * 2;
        m.suspensionReason = reason;
        if (m.identityKind.equals("recyclable") && m.floatingIp == null) {
            m.publicIp = null;
        }
        m.nodeName = null;
        touch(m);
    }

    void resume(AkuaMachine m) {
        m.state = "ACTIVE";
        m.suspensionId = null;
        if (m.publicIp == null) {
            m.publicIp = "203.0." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        }
        m.nodeName = "node-" + m.id.substring(4, 12);
        touch(m);
    }

    /** Replaces every machine with {@code count} from {@code seed}; about one in five starts SUSPENDED. */
    void regenerate(long seed, int count) {
        Random generator = new Random(seed);
        random = new Random(seed * 31 + 13);
        machines.clear();
        etagCounter = 0;
        List<String> clusters = List.of(
                "clu_" + SeededIds.lowerAlnum(generator, 16),
                "clu_" + SeededIds.lowerAlnum(generator, 16),
                "clu_" + SeededIds.lowerAlnum(generator, 16));
        long base = Instant.parse("2026-06-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < count; i++) {
            AkuaMachine m = new AkuaMachine();
            m.id = "mch_" + SeededIds.lowerAlnum(generator, 16);
            m.clusterId = clusters.get(generator.nextInt(clusters.size()));
            m.computeConfigId = "cc_" + SeededIds.lowerAlnum(generator, 12);
            m.providerId = "compute://hcloud/server-" + (1000 + generator.nextInt(9_000_000));
            m.identityKind = generator.nextInt(3) == 0 ? "persistent" : "recyclable";
            m.publicIp = "203.0." + generator.nextInt(256) + "." + (1 + generator.nextInt(254));
            m.floatingIp = generator.nextInt(4) == 0 ? "198.51.100." + (1 + generator.nextInt(254)) : null;
            m.name = "worker-" + (i + 1);
            m.nodeName = "node-" + m.id.substring(4, 12);
            m.state = "ACTIVE";
            m.createdAt = base + generator.nextInt(86_400 * 30);
            m.updatedAt = m.createdAt;
            m.etag = Long.toString(++etagCounter);
            boolean suspended = generator.nextInt(5) == 0;
            machines.put(m.id, m);
            if (suspended) {
                suspend(m, "manual");
                m.updatedAt = m.createdAt + 3600;
            }
        }
    }
}
