package io.computemirror.kube;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Event recorder's Prometheus metrics (exposed at /q/metrics):
 * <ul>
 * <li>{@code computemirror_events_dropped_total{reason}}: Events never written, reason {@code queue_full} (the
 * bounded queue was full) or {@code spam_filtered} (the object spent its Event budget); both exist from start-up at
 * 0, so an alert on their increase needs no absent() guard;</li>
 * <li>{@code computemirror_events_aggregated_total}: Events folded into an existing Event (its count went up);</li>
 * <li>{@code computemirror_events_writes_total{operation,result}}: Event writes to the API server, operation
 * {@code create} or {@code patch}, result {@code success} or {@code error};</li>
 * <li>{@code computemirror_events_queued}: Events waiting to be written.</li>
 * </ul>
 */
final class EventMetrics {

    /** Why an Event was dropped: the metric's {@code reason} tag. */
    enum DropReason {
        QUEUE_FULL("queue_full"),
        SPAM_FILTERED("spam_filtered");

        private final String tag;

        DropReason(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;
    private final Counter queueFull;
    private final Counter spamFiltered;
    private final Counter aggregated;

    EventMetrics(MeterRegistry registry, java.util.Collection<?> queue) {
        this.registry = registry;
        this.queueFull = dropped(DropReason.QUEUE_FULL);
        this.spamFiltered = dropped(DropReason.SPAM_FILTERED);
        this.aggregated = Counter.builder("computemirror.events.aggregated")
                .description("Events folded into an existing Event (its count went up)")
                .register(registry);
        Gauge.builder("computemirror.events.queued", queue, java.util.Collection::size)
                .description("Events waiting to be written")
                .register(registry);
    }

    void dropped(DropReason reason, int count) {
        (reason == DropReason.QUEUE_FULL ? queueFull : spamFiltered).increment(count);
    }

    void aggregated() {
        aggregated.increment();
    }

    void written(String operation, boolean success) {
        Counter.builder("computemirror.events.writes")
                .description("Event writes to the Kubernetes API")
                .tags("operation", operation, "result", success ? "success" : "error")
                .register(registry)
                .increment();
    }

    private Counter dropped(DropReason reason) {
        return Counter.builder("computemirror.events.dropped")
                .description("Events never written: the queue was full, or the object spent its Event budget")
                .tag("reason", reason.tag)
                .register(registry);
    }
}
