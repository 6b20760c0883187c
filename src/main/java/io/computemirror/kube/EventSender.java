package io.computemirror.kube;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A bounded queue of Events and the one thread that correlates and writes them. A full queue drops the new Event and
 * counts it: the caller (a poll, a reconcile) never waits for Events, and a burst cannot hold more than
 * {@value #CAPACITY} Events in memory (client-go's broadcaster queue is as long and drops the same way).
 */
final class EventSender {

    /** Events waiting at most; one more is dropped (client-go's maxQueuedEvents). */
    static final int CAPACITY = 1000;

    private static final Logger LOG = Logger.getLogger(EventSender.class);

    private final BlockingQueue<Event> queue;
    private final EventCorrelator correlator;
    private final EventSink sink;
    private final EventMetrics metrics;
    private Thread thread;

    EventSender(EventCorrelator correlator, EventSink sink, io.micrometer.core.instrument.MeterRegistry registry) {
        this(CAPACITY, correlator, sink, registry);
    }

    EventSender(
            int capacity,
            EventCorrelator correlator,
            EventSink sink,
            io.micrometer.core.instrument.MeterRegistry registry) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.correlator = correlator;
        this.sink = sink;
        this.metrics = new EventMetrics(registry, queue);
    }

    /** Queues the Event; returns false (and counts it) when the queue is full. */
    boolean offer(Event event) {
        if (queue.offer(event)) {
            return true;
        }
        metrics.dropped(EventMetrics.DropReason.QUEUE_FULL, 1);
        LOG.debugf("Event %s %s dropped: the queue holds %d Events", event.getType(), event.getReason(), CAPACITY);
        return false;
    }

    /** Starts the thread that writes queued Events. */
    synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::run, "compute-mirror-events");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the writing thread; Events still queued are not written. */
    synchronized void stop() {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    /** Writes the Events queued so far on the calling thread (tests, and recorders without a thread). */
    void drain() {
        Event next;
        while ((next = queue.poll()) != null) {
            send(next);
        }
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                send(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Correlates one Event and writes what it became; a failed write is logged and not retried. */
    void send(Event event) {
        EventCorrelator.Correlation correlation = correlator.correlate(event);
        switch (correlation.action()) {
            case SPAM_FILTERED -> {
                metrics.dropped(EventMetrics.DropReason.SPAM_FILTERED, 1);
                LOG.debugf("Event %s %s on %s dropped by the spam filter", event.getType(), event.getReason(),
                        describe(event));
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
        LOG.warnf("Event %s %s on %s not recorded: %s", event.getType(), event.getReason(), describe(event),
                e.getMessage());
    }

    private static String describe(Event event) {
        return event.getInvolvedObject().getKind() + " " + event.getInvolvedObject().getNamespace() + "/"
                + event.getInvolvedObject().getName();
    }
}
