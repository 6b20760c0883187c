package io.computemirror.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.computemirror.kube.EventCorrelator.Action;
import io.computemirror.kube.EventCorrelator.Correlation;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** client-go's correlation rules, decision by decision, on a clock the test moves. */
class EventCorrelatorTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-12-07T20:00:00Z"));
    private final EventCorrelator correlator = new EventCorrelator(clock);
    private final KubeEvents events =
            new KubeEvents(clock, new RecordingEventSink(), new SimpleMeterRegistry(), 10, "test-pod");
    private final HasMetadata offer = object("clore-1", "uid-1");
    private final HasMetadata other = object("clore-2", "uid-2");

    @Test
    void anIdenticalEventPatchesTheFirstOneWithAHigherCountAndItsFirstTimestamp() {
        Correlation first = written(correlator.correlate(event(offer, "PriceChanged", "price 1 → 2 USD")));
        clock.advance(Duration.ofSeconds(30));
        Correlation second = correlator.correlate(event(offer, "PriceChanged", "price 1 → 2 USD"));

        assertThat(first.action()).isEqualTo(Action.CREATE);
        assertThat(second.action()).isEqualTo(Action.PATCH);
        assertThat(second.event().getMetadata().getName())
                .isEqualTo(first.event().getMetadata().getName());
        assertThat(second.event().getCount()).isEqualTo(2);
        assertThat(second.event().getFirstTimestamp()).isEqualTo("2026-12-07T20:00:00Z");
        assertThat(second.event().getLastTimestamp()).isEqualTo("2026-12-07T20:00:30Z");
    }

    @Test
    void theTenthDifferentMessageWithinTenMinutesStartsOneCombinedEventThatLaterOnesPatch() {
        for (int i = 1; i <= 9; i++) {
            Correlation c = written(correlator.correlate(event(offer, "PriceChanged", "price " + i)));
            assertThat(c.action()).as("similar Event %d", i).isEqualTo(Action.CREATE);
            assertThat(c.event().getMessage()).isEqualTo("price " + i);
            clock.advance(Duration.ofSeconds(50));
        }
        Correlation tenth = written(correlator.correlate(event(offer, "PriceChanged", "price 10")));
        Correlation eleventh = correlator.correlate(event(offer, "PriceChanged", "price 11"));

        assertThat(tenth.action()).isEqualTo(Action.CREATE);
        assertThat(tenth.event().getMessage()).isEqualTo("(combined from similar events): price 10");
        assertThat(eleventh.action()).isEqualTo(Action.PATCH);
        assertThat(eleventh.event().getMetadata().getName())
                .isEqualTo(tenth.event().getMetadata().getName());
        assertThat(eleventh.event().getMessage()).isEqualTo("(combined from similar events): price 11");
        assertThat(eleventh.event().getCount()).isEqualTo(2);
    }

    @Test
    void similarEventsFurtherApartThanTenMinutesAreNeverCombined() {
        for (int i = 1; i <= 12; i++) {
            Correlation c = written(correlator.correlate(event(offer, "PriceChanged", "price " + i)));
            assertThat(c.action()).isEqualTo(Action.CREATE);
            assertThat(c.event().getMessage()).isEqualTo("price " + i);
            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        }
    }

    @Test
    void eventsAboutDifferentObjectsOrWithDifferentReasonsAreNotSimilar() {
        for (int i = 1; i <= 9; i++) {
            written(correlator.correlate(event(offer, "PriceChanged", "price " + i)));
        }
        assertThat(correlator
                        .correlate(event(other, "PriceChanged", "price 10"))
                        .event()
                        .getMessage())
                .isEqualTo("price 10");
        assertThat(correlator
                        .correlate(event(offer, "PhaseChanged", "phase 10"))
                        .event()
                        .getMessage())
                .isEqualTo("phase 10");
    }

    @Test
    void anObjectMaySpendTwentyFiveEventsThenOneEveryFiveMinutesWhileOthersKeepTheirBudget() {
        for (int i = 1; i <= 25; i++) {
            assertThat(written(correlator.correlate(event(offer, "Gone", "gone")))
                            .action())
                    .isNotEqualTo(Action.SPAM_FILTERED);
        }
        assertThat(correlator.correlate(event(offer, "Gone", "gone")).action()).isEqualTo(Action.SPAM_FILTERED);
        assertThat(correlator.correlate(event(other, "Gone", "gone")).action()).isEqualTo(Action.CREATE);

        clock.advance(Duration.ofMinutes(4));
        assertThat(correlator.correlate(event(offer, "Gone", "gone")).action()).isEqualTo(Action.SPAM_FILTERED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(correlator.correlate(event(offer, "Gone", "gone")).action()).isEqualTo(Action.PATCH);
        assertThat(correlator.correlate(event(offer, "Gone", "gone")).action()).isEqualTo(Action.SPAM_FILTERED);
    }

    @Test
    void theCachesForgetTheLeastRecentlyUsedEntryBeyondTheirSize() {
        LruMap<String, Integer> lru = new LruMap<>(2);
        lru.put("a", 1);
        lru.put("b", 2);
        lru.get("a");
        lru.put("c", 3);
        assertThat(lru).containsOnlyKeys("a", "c");

        EventCorrelator small =
                new EventCorrelator(new EventAggregator(clock, 2), new EventLog(2), new EventSpamFilter(clock, 2));
        Correlation first = written(small, small.correlate(event(offer, "Gone", "gone")));
        small.correlate(event(other, "Gone", "gone"));
        small.correlate(event(object("clore-3", "uid-3"), "Gone", "gone"));
        assertThat(small.correlate(event(offer, "Gone", "gone")))
                .as(
                        "the first object's Event was forgotten: a new Event, not a patch of %s",
                        first.event().getMetadata().getName())
                .extracting(Correlation::action)
                .isEqualTo(Action.CREATE);
    }

    private Correlation written(Correlation correlation) {
        return written(correlator, correlation);
    }

    private static Correlation written(EventCorrelator correlator, Correlation correlation) {
        correlator.written(correlation, correlation.event());
        return correlation;
    }

    private Event event(HasMetadata object, String reason, String message) {
        return events.event(object, "Normal", reason, message);
    }

    private static HasMetadata object(String name, String uid) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("market")
                .withUid(uid)
                .endMetadata()
                .build();
    }
}
