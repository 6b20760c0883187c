package io.computemirror.schedule;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code computemirror_schedule_blocked{namespace,machineschedule}}: 1 while a MachineSchedule cannot act (its spec is
 * invalid or it is Stalled), else 0. One gauge per live schedule; {@link #forget} removes it with the schedule.
 */
@ApplicationScoped
public class ScheduleMetrics {

    static final String BLOCKED = "computemirror.schedule.blocked";

    private final MeterRegistry registry;
    private final Map<Tags, AtomicInteger> blocked = new ConcurrentHashMap<>();

    public ScheduleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void blocked(String namespace, String name, boolean value) {
        blocked.computeIfAbsent(tags(namespace, name), tags -> registry.gauge(BLOCKED, tags, new AtomicInteger()))
                .set(value ? 1 : 0);
    }

    void forget(String namespace, String name) {
        Tags tags = tags(namespace, name);
        if (blocked.remove(tags) != null) {
            registry.find(BLOCKED).tags(tags).meters().forEach(registry::remove);
        }
    }

    private static Tags tags(String namespace, String name) {
        return Tags.of("namespace", namespace, "machineschedule", name);
    }
}
