package io.computemirror.actuation;

import java.time.Duration;
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
 * </ul>
 */
@ApplicationScoped
public class ActuationMetrics {

    private final MeterRegistry registry;

    public ActuationMetrics(MeterRegistry registry) {
        this.registry = registry;
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
