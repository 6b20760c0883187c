package io.computemirror.market.query;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.computemirror.api.v1alpha1.GpuOfferQuery;
import io.computemirror.market.OfferCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;

/**
 * Turns offer changes into query evaluations. The namespaces whose offers changed are collected until the changes
 * settle (no change for {@link Timing#quiet}), but never longer than {@link Timing#atMost}; then every query of those
 * namespaces (from the controller's own query cache) gets one event. A poll that rewrites a few offers reaches its
 * queries within about a second of its last write; a first sync that writes thousands of offers for minutes costs each
 * query one evaluation (and at most one status write) per {@code atMost}, instead of one per offer.
 */
final class OfferChanges extends SimpleInboundEventSource<GpuOfferQuery> implements OfferCache.Listener {

    /** How long offer changes are collected: until none came for {@code quiet}, at most {@code atMost}. */
    record Timing(Duration quiet, Duration atMost) {

        static final Timing DEFAULT = new Timing(Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    private static final String ALL = "";

    private final Function<String, Stream<GpuOfferQuery>> queriesIn;
    private final Supplier<Stream<GpuOfferQuery>> allQueries;
    private final Timing timing;
    private final LongSupplier nanoTime = System::nanoTime;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "compute-mirror-offer-changes");
        t.setDaemon(true);
        return t;
    });

    // The pending batch; guarded by this.
    private final Set<String> changed = new HashSet<>();
    private long firstChange;
    private long lastChange;

    /** The queries come from the controller's own cache: those of one namespace, and all of them. */
    OfferChanges(
            Function<String, Stream<GpuOfferQuery>> queriesIn,
            Supplier<Stream<GpuOfferQuery>> allQueries,
            Timing timing) {
        super("offer-changes");
        this.queriesIn = queriesIn;
        this.allQueries = allQueries;
        this.timing = timing;
    }

    @Override
    public void offersChanged(String namespace) {
        collect(namespace);
    }

    @Override
    public void offersSynced() {
        collect(ALL);
    }

    private synchronized void collect(String namespace) {
        long now = nanoTime.getAsLong();
        if (changed.isEmpty()) {
            firstChange = now;
            schedule(timing.quiet().toNanos());
        }
        lastChange = now;
        changed.add(namespace);
    }

    /** Flushes once the batch is quiet or old enough; otherwise looks again when it would be. */
    private void check() {
        Set<String> namespaces;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            long quietAt = lastChange + timing.quiet().toNanos();
            long deadline = firstChange + timing.atMost().toNanos();
            if (now < quietAt && now < deadline) {
                schedule(Math.min(quietAt, deadline) - now);
                return;
            }
            namespaces = Set.copyOf(changed);
            changed.clear();
        }
        Stream<GpuOfferQuery> affected = namespaces.contains(ALL)
                ? allQueries.get()
                : namespaces.stream().flatMap(queriesIn);
        affected.forEach(q -> propagateEvent(ResourceID.fromResource(q)));
    }

    private void schedule(long nanos) {
        timer.schedule(this::check, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void stop() {
        timer.shutdownNow();
        super.stop();
    }
}
