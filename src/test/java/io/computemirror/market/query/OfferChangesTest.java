package io.computemirror.market.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.GpuOfferQuery;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

class OfferChangesTest {

    private static final OfferChanges.Timing TIMING =
            new OfferChanges.Timing(Duration.ofMillis(200), Duration.ofMillis(1_000));

    private final List<GpuOfferQuery> queries = List.of(query("a", "cheapest"), query("a", "h100"), query("b", "any"));
    private final LinkedBlockingQueue<ResourceID> events = new LinkedBlockingQueue<>();
    private final OfferChanges changes = new OfferChanges(
            ns -> queries.stream().filter(q -> q.getMetadata().getNamespace().equals(ns)), queries::stream, TIMING);

    OfferChangesTest() {
        changes.setEventHandler((Event event) -> events.add(event.getRelatedCustomResourceID()));
        changes.start();
    }

    @AfterEach
    void stop() {
        changes.stop();
    }

    @Test
    void aBurstOfOfferChangesInOneNamespaceIsOneEventPerQueryOfThatNamespace() throws InterruptedException {
        for (int i = 0; i < 1_000; i++) {
            changes.offersChanged("a");
        }

        assertThat(next()).isEqualTo(new ResourceID("cheapest", "a"));
        assertThat(next()).isEqualTo(new ResourceID("h100", "a"));
        assertThat(events.poll(TIMING.quiet().toMillis() * 3, TimeUnit.MILLISECONDS))
                .as("no more events: namespace b had no change and a's burst was one flush")
                .isNull();
    }

    @Test
    void changesThatKeepComingAreFlushedAtMostOncePerAtMost() throws InterruptedException {
        long start = System.nanoTime();
        List<Long> flushedAtMillis = new java.util.ArrayList<>();
        // A change every 50 ms for 3 s: never quiet for 200 ms, so only the 1 s bound flushes.
        while (System.nanoTime() - start < 3_000_000_000L) {
            changes.offersChanged("b");
            while (events.poll() != null) {
                flushedAtMillis.add((System.nanoTime() - start) / 1_000_000);
            }
            Thread.sleep(50);
        }
        assertThat(flushedAtMillis)
                .as("flushes while changes kept coming: not before the batch is 1 s old, at most one a second")
                .isNotEmpty()
                .hasSizeLessThanOrEqualTo(3)
                .allMatch(ms -> ms >= TIMING.atMost().toMillis());
        assertThat(next()).as("the last changes, once quiet").isEqualTo(new ResourceID("any", "b"));
    }

    @Test
    void changesAfterAFlushGetAFlushOfTheirOwn() throws InterruptedException {
        changes.offersChanged("b");
        assertThat(next()).isEqualTo(new ResourceID("any", "b"));

        changes.offersChanged("b");
        assertThat(next()).isEqualTo(new ResourceID("any", "b"));
    }

    @Test
    void aSyncedCacheEvaluatesEveryQuery() throws InterruptedException {
        changes.offersSynced();

        assertThat(Stream.of(next(), next(), next()))
                .containsExactlyInAnyOrder(
                        new ResourceID("cheapest", "a"), new ResourceID("h100", "a"), new ResourceID("any", "b"));
    }

    private ResourceID next() throws InterruptedException {
        ResourceID id = events.poll(10, TimeUnit.SECONDS);
        assertThat(id).as("an event within 10 s").isNotNull();
        return id;
    }

    private static GpuOfferQuery query(String namespace, String name) {
        GpuOfferQuery query = new GpuOfferQuery();
        query.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        return query;
    }
}
