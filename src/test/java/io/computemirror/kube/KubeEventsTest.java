package io.computemirror.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The recorder end to end against an in-memory sink: the bounded queue, the metrics, patches and their fallbacks. */
class KubeEventsTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-12-07T20:00:00Z"));
    private final RecordingEventSink sink = new RecordingEventSink();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HasMetadata provider = new ConfigMapBuilder()
            .withNewMetadata()
            .withName("clore")
            .withNamespace("market")
            .withUid("uid-cp")
            .endMetadata()
            .build();

    @Test
    void theMetersExistFromTheStartAtZero() {
        recorder(10);
        assertThat(dropped("queue_full")).isZero();
        assertThat(dropped("spam_filtered")).isZero();
        assertThat(registry.get("computemirror.events.aggregated").counter().count())
                .isZero();
        assertThat(registry.get("computemirror.events.queued").gauge().value()).isZero();
    }

    @Test
    void aFullQueueDropsNewEventsAndCountsThem() throws Exception {
        sink.gate = new CountDownLatch(1);
        KubeEvents events = recorder(5);
        for (int i = 0; i < 8; i++) {
            events.normal(provider, "PricesChanged", "poll " + i);
        }
        // The first is being written (held at the gate), five wait in the queue, two found it full.
        assertThat(dropped("queue_full")).isEqualTo(2);
        assertThat(registry.get("computemirror.events.queued").gauge().value()).isEqualTo(5);

        sink.gate.countDown();
        events.flush();
        assertThat(sink.stored.values())
                .extracting(Event::getMessage)
                .containsExactly("poll 0", "poll 1", "poll 2", "poll 3", "poll 4", "poll 5");
        events.normal(provider, "PricesChanged", "poll 8");
        events.flush();
        assertThat(dropped("queue_full")).as("room again once written").isEqualTo(2);
        assertThat(sink.stored).hasSize(7);
    }

    @Test
    void aRepeatedEventPatchesTheStoredOneAndIsCountedAsAggregated() throws Exception {
        KubeEvents events = recorder(10);
        events.warning(provider, "ProviderUnavailable", "503 from the provider");
        events.flush();
        clock.advance(Duration.ofSeconds(10));
        events.warning(provider, "ProviderUnavailable", "503 from the provider");
        events.warning(provider, "ProviderUnavailable", "503 from the provider");
        events.flush();

        assertThat(sink.stored).hasSize(1);
        Event stored = sink.stored.values().iterator().next();
        assertThat(stored.getCount()).isEqualTo(3);
        assertThat(stored.getLastTimestamp()).isEqualTo("2026-12-07T20:00:10Z");
        assertThat(sink.creates()).isEqualTo(1);
        assertThat(sink.patches()).isEqualTo(2);
        assertThat(registry.get("computemirror.events.aggregated").counter().count())
                .isEqualTo(2);
        assertThat(writes("create", "success")).isEqualTo(1);
        assertThat(writes("patch", "success")).isEqualTo(2);
    }

    @Test
    void anEventThatExpiredMeanwhileIsCreatedAgainUnderItsName() throws Exception {
        KubeEvents events = recorder(10);
        events.normal(provider, "MassVanishHeld", "held");
        events.flush();
        String name = sink.stored.keySet().iterator().next();
        sink.stored.clear();

        events.normal(provider, "MassVanishHeld", "held");
        events.flush();

        assertThat(sink.calls).containsExactly("create " + name, "patch " + name, "create " + name);
        assertThat(sink.stored.get(name).getCount()).isEqualTo(2);
        assertThat(registry.get("computemirror.events.aggregated").counter().count())
                .isZero();
    }

    @Test
    void aFloodOnOneObjectWritesAtMostItsBudgetAndCountsTheRestAsSpam() throws Exception {
        KubeEvents events = recorder(1000);
        for (int i = 0; i < 500; i++) {
            events.normal(provider, "PricesChanged", i + " offers changed price");
        }
        events.flush();

        assertThat(sink.stored).as("nine Events, then one combined").hasSize(10);
        assertThat(sink.creates() + sink.patches()).isEqualTo(EventSpamFilter.BURST);
        assertThat(dropped("spam_filtered")).isEqualTo(500 - EventSpamFilter.BURST);
        assertThat(sink.stored.values())
                .filteredOn(e -> e.getMessage().startsWith(EventAggregator.COMBINED_PREFIX))
                .singleElement()
                .satisfies(e -> assertThat(e.getCount()).isEqualTo(16));
    }

    @Test
    void aRefusedWriteIsLoggedAndTheCallerCarriesOn() throws Exception {
        KubeEvents events = recorder(10);
        sink.refuse = true;
        events.normal(provider, "PricesChanged", "refused");
        events.flush();
        assertThat(writes("create", "error")).isEqualTo(1);
        assertThat(sink.stored).isEmpty();
    }

    private KubeEvents recorder;

    @AfterEach
    void stop() {
        if (recorder != null) {
            recorder.stop();
        }
    }

    private KubeEvents recorder(int capacity) {
        recorder = new KubeEvents(clock, sink, registry, capacity, "test-pod");
        return recorder;
    }

    private double dropped(String reason) {
        return registry.get("computemirror.events.dropped")
                .tag("reason", reason)
                .counter()
                .count();
    }

    private double writes(String operation, String result) {
        return registry.get("computemirror.events.writes")
                .tag("operation", operation)
                .tag("result", result)
                .counter()
                .count();
    }
}
