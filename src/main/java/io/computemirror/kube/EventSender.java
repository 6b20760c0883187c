package io.computemirror.kube;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A bounded queue of Events and the one thread that correlates and writes them. A full queue drops the new Event and
 * counts it: the caller (a poll, a reconcile) never waits for Events, and a burst cannot hold more than
 * {@value #CAPACITY} Events in memory (client-go's broadcaster queue is as long and drops the same way).
 */
final class EventSender {

    /** Events waiting at most; one more is dropped (client-go's maxQueuedEvents). */
    static final int CAPACITY = 1000;

    private static final Logger LOG = Logger.getLogger(EventSender.class);

    private final EventCorrelator correlator;
    private final EventSink sink;
    private final EventMetrics metrics;
    /**
     * One thread, so the correlator's caches see Events in order and need no locks; an executor rather than a loop of
     * our own, so an unexpected failure while writing one Event costs that Event, not the thread.
     */
    private final ThreadPoolExecutor writer;

    EventSender(int capacity, EventCorrelator correlator, EventSink sink, MeterRegistry registry) {
        BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(capacity);
        this.correlator = correlator;
        this.sink = sink;
        this.metrics = new EventMetrics(registry, queue);
        this.writer = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                queue,
                r -> {
                    Thread t = new Thread(r, "compute-mirror-events");
                    t.setDaemon(true);
                    return t;
                },
                (rejected, executor) -> {
                    metrics.dropped(EventMetrics.DropReason.QUEUE_FULL, 1);
                    LOG.debugf("Event dropped: %d Events are waiting to be written", capacity);
                });
    }

    /** Queues the Event for the writing thread; drops it (and counts it) when the queue is full. */
    void offer(Event event) {
        writer.execute(() -> send(event));
    }

    /** Waits until the Events queued so far are written (tests). */
    void flush() throws InterruptedException, ExecutionException, TimeoutException {
        // Queued behind the Events with a wait for room, not offered: a full queue would drop the marker.
        FutureTask<Void> marker = new FutureTask<>(() -> null);
        writer.prestartCoreThread();
        writer.getQueue().put(marker);
        marker.get(30, TimeUnit.SECONDS);
    }

    /** Stops the writing thread; Events still queued are not written. */
    void stop() {
        writer.shutdownNow();
    }

    /** Correlates one Event and writes what it became; a failed write is logged and not retried. */
    private void send(Event event) {
        EventCorrelator.Correlation correlation = correlator.correlate(event);
        switch (correlation.action()) {
            case SPAM_FILTERED -> {
                metrics.dropped(EventMetrics.DropReason.SPAM_FILTERED, 1);
                LOG.debugf(
                        "Event %s %s on %s dropped by the spam filter",
                        event.getType(), event.getReason(), describe(event));
            }
            case PATCH -> patch(correlation);
            case CREATE -> create(correlation, correlation.event());
        }
    }

    private void patch(EventCorrelator.Correlation correlation) {
        try {
            Event stored = sink.patch(correlation.event());
            metrics.written("patch", true);
            metrics.aggregated();
            correlator.written(correlation, stored);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                metrics.written("patch", false);
                failed(correlation.event(), e);
                return;
            }
            // The Event expired (the API server keeps them an hour): write it anew under its name, as client-go does.
            Event again = correlation.event();
            again.getMetadata().setResourceVersion(null);
            create(correlation, again);
        }
    }

    private void create(EventCorrelator.Correlation correlation, Event event) {
        try {
            Event stored = sink.create(event);
            metrics.written("create", true);
            correlator.written(correlation, stored);
        } catch (KubernetesClientException e) {
            metrics.written("create", false);
            failed(event, e);
        }
    }

    private static void failed(Event event, KubernetesClientException e) {
        LOG.warnf(
                "Event %s %s on %s not recorded: %s%s",
                event.getType(),
                event.getReason(),
                describe(event),
                e.getMessage(),
                e.getCode() == 403 ? " (the operator's Role must grant create and patch on events)" : "");
    }

    private static String describe(Event event) {
        return event.getInvolvedObject().getKind() + " "
                + event.getInvolvedObject().getNamespace() + "/"
                + event.getInvolvedObject().getName();
    }
}
