package io.computemirror.actuation;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The actuation's Prometheus metrics (at /q/metrics):
 * <ul>
 * <li>{@code computemirror_operations_total{action,result}}: provider operations by action (suspend, resume) and
 * result: started, succeeded, failed, cancelled, refused (the provider refused the request itself);</li>
 * <li>{@code computemirror_operation_duration_seconds{action,result}}: from the request to the terminal state;</li>
 * <li>{@code computemirror_actuation_tracked_machines{memory}}: Machines the actuation keeps something about in
 * memory ({@code events}: Events recorded once per generation; {@code following}: the client of a followed
 * operation). Entries go when their Machine is deleted, so this stays bounded by the live Machines.</li>
 * <li>{@code computemirror_operation_oldest_age_seconds{action}}: age of the oldest operation still in flight (from
 * its recorded start), 0 when none.</li>
 * </ul>
 */
@ApplicationScoped
public class ActuationMetrics {

    /** A followed operation: what it does and when it was recorded as started. */
    private record InFlight(Action action, Instant startedAt) {}

    private final MeterRegistry registry;
    /** The operations being followed, by Machine uid (one operation per Machine at a time). */
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

    public ActuationMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Action action : Action.values()) {
            Gauge.builder("computemirror.operation.oldest.age", () -> oldestAgeSeconds(action, Instant.now()))
                    .description("Age of the oldest provider operation still in flight, 0 when none")
                    .baseUnit("seconds")
                    .tag("action", action.name().toLowerCase())
                    .register(registry);
        }
    }

    /** The Machine's operation is in flight (called each time it is followed, so also after a restart). */
    void inFlight(String machineUid, Action action, Instant startedAt) {
        inFlight.put(machineUid, new InFlight(action, startedAt));
    }

    /** The Machine's operation ended, or the Machine is gone. */
    void ended(String machineUid) {
        inFlight.remove(machineUid);
    }

    double oldestAgeSeconds(Action action, Instant now) {
        return inFlight.values().stream()
                .filter(op -> op.action() == action)
                .mapToDouble(
                        op -> Math.max(0, Duration.between(op.startedAt(), now).toMillis() / 1000.0))
                .max()
                .orElse(0);
    }

    void tracked(String memory, Supplier<Number> size) {
        Gauge.builder("computemirror.actuation.tracked.machines", size)
                .description("Machines the actuation keeps an in-memory entry for")
                .tag("memory", memory)
                .register(registry);
    }

    void operation(Action action, String result) {
        Counter.builder("computemirror.operations")
                .description("Provider operations compute-mirror started and finished")
                .tags("action", action.name().toLowerCase(), "result", result)
                .register(registry)
                .increment();
    }

    void finished(Action action, String result, Duration took) {
        operation(action, result);
        Timer.builder("computemirror.operation.duration")
                .description("Time from a provider request to its end")
                .tags("action", action.name().toLowerCase(), "result", result)
                .register(registry)
                .record(took);
    }
}
