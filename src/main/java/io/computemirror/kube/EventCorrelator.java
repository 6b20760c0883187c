package io.computemirror.kube;

import java.time.Clock;

import io.fabric8.kubernetes.api.model.Event;

/**
 * Decides what one Event becomes before it reaches the API server, in client-go's order: aggregated with similar
 * Events ({@link EventAggregator}), counted against identical ones ({@link EventLog}), then held to its object's
 * budget ({@link EventSpamFilter}). Pure apart from its caches and clock; not thread-safe (the one sender thread uses
 * it).
 */
final class EventCorrelator {

    /** Entries of each cache (client-go's maxLruCacheEntries): objects, similar groups and written Events. */
    static final int CACHE_ENTRIES = 4096;

    /** What to do with an Event. */
    enum Action {
        /** Write a new Event. */
        CREATE,
        /** Patch the existing Event of this name: its count, lastTimestamp and message. */
        PATCH,
        /** Drop it: its object spent its Event budget. */
        SPAM_FILTERED
    }

    /**
     * The decision for one Event.
     *
     * @param event the Event to create, or the existing one's new state to patch
     * @param key what the Event log counts it under (pass it back to {@link #written})
     */
    record Correlation(Action action, Event event, String key) {}

    private final EventAggregator aggregator;
    private final EventLog log;
    private final EventSpamFilter spam;

    EventCorrelator(Clock clock) {
        this(
                new EventAggregator(clock, CACHE_ENTRIES),
                new EventLog(CACHE_ENTRIES),
                new EventSpamFilter(clock, CACHE_ENTRIES));
    }

    EventCorrelator(EventAggregator aggregator, EventLog log, EventSpamFilter spam) {
        this.aggregator = aggregator;
        this.log = log;
        this.spam = spam;
    }

    Correlation correlate(Event event) {
        EventAggregator.Aggregate aggregate = aggregator.aggregate(event);
        EventLog.Observation observed = log.observe(aggregate.event(), aggregate.key());
        if (!spam.allows(observed.event())) {
            return new Correlation(Action.SPAM_FILTERED, observed.event(), aggregate.key());
        }
        return new Correlation(observed.existing() ? Action.PATCH : Action.CREATE, observed.event(), aggregate.key());
    }

    /** Records the Event as the API server returned it (its resourceVersion, and its count when it was recreated). */
    void written(Correlation correlation, Event fromServer) {
        log.update(correlation.key(), fromServer);
    }
}
