package io.computemirror.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The age of the oldest operation in flight, per action. */
class ActuationMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ActuationMetrics metrics = new ActuationMetrics(registry);
    private final Instant now = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void zeroWhenNothingIsInFlight() {
        assertThat(metrics.oldestAgeSeconds(Action.Suspend, now)).isZero();
        assertThat(registry.get("computemirror.operation.oldest.age")
                        .tag("action", "resume")
                        .gauge()
                        .value())
                .isZero();
    }

    @Test
    void theOldestOfTheActionCountsUntilItEndsOrItsMachineGoes() {
        metrics.inFlight("a", Action.Suspend, now.minusSeconds(30));
        metrics.inFlight("b", Action.Suspend, now.minusSeconds(300));
        metrics.inFlight("c", Action.Resume, now.minusSeconds(5));

        assertThat(metrics.oldestAgeSeconds(Action.Suspend, now)).isEqualTo(300);
        assertThat(metrics.oldestAgeSeconds(Action.Resume, now)).isEqualTo(5);

        metrics.ended("b");
        assertThat(metrics.oldestAgeSeconds(Action.Suspend, now)).isEqualTo(30);
    }
}
