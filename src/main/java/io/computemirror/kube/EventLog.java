package io.computemirror.kube;

import java.util.Map;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;

/**
 * client-go's eventLogger: remembers the Events it wrote by key, so an identical one (or a later one of a combined
 * group) becomes a patch of the existing Event's count, lastTimestamp and message instead of a new Event. An LRU; not
 * thread-safe (the one sender thread uses it).
 */
final class EventLog {

    /**
     * An Event ready to write.
     *
     * @param existing whether it updates an Event already written (patch) rather than a new one (create)
     */
    record Observation(Event event, boolean existing) {}

    private record Written(int count, String firstTimestamp, String name, String resourceVersion) {}

    private final Map<String, Written> written;

    EventLog(int entries) {
        this.written = new LruMap<>(entries);
    }

    /** The Event as it is to be written under {@code key}: the existing one's name and first time, the count + 1. */
    Observation observe(Event event, String key) {
        Written last = written.get(key);
        Event observed = new EventBuilder(event).build();
        if (last != null) {
            observed.getMetadata().setName(last.name());
            observed.getMetadata().setResourceVersion(last.resourceVersion());
            observed.setFirstTimestamp(last.firstTimestamp());
            observed.setCount(last.count() + 1);
        }
        remember(key, observed);
        return new Observation(observed, last != null);
    }

    /** Records what the API server returned for the Event written under {@code key}. */
    void update(String key, Event fromServer) {
        remember(key, fromServer);
    }

    private void remember(String key, Event event) {
        written.put(
                key,
                new Written(
                        event.getCount() == null ? 1 : event.getCount(),
                        event.getFirstTimestamp(),
                        event.getMetadata().getName(),
                        event.getMetadata().getResourceVersion()));
    }
}
