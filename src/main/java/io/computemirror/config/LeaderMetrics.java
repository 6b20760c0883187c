package io.computemirror.config;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code computemirror_leader}: 1 while this replica reconciles (it holds the leader Lease, or leader election is off
 * so it is the only one), else 0. Created at start so the series exists before the first Lease renewal.
 */
@Startup
@ApplicationScoped
public class LeaderMetrics {

    private final AtomicInteger leader = new AtomicInteger();

    public LeaderMetrics(MeterRegistry registry, OperatorConfig config) {
        OperatorConfig.LeaderElection le = config.leaderElection();
        boolean elects = le.enabled()
                && le.leaseNamespace()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .isPresent();
        leader.set(elects ? 0 : 1);
        Gauge.builder("computemirror.leader", leader, AtomicInteger::get)
                .description("1 on the replica that reconciles (holds the leader Lease), 0 on the others")
                .register(registry);
    }

    void leading(boolean value) {
        leader.set(value ? 1 : 0);
    }
}
