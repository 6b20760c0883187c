package io.computemirror.kube;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;

/**
 * client-go's EventAggregator: Events about one object that differ only in their message are "similar"; once
 * {@value #MAX_SIMILAR} different messages of one similar group arrive within {@link #WINDOW} of each other, further
 * ones become a single Event whose message starts {@value #COMBINED_PREFIX} and whose count goes up instead of each
 * becoming an Event of its own. Groups live in an LRU; not thread-safe (the one sender thread uses it).
 */
final class EventAggregator {

    /** Different messages in one group before they are combined (client-go's defaultAggregateMaxEvents). */
    static final int MAX_SIMILAR = 10;
    /** A group older than this since its last Event starts afresh (client-go's defaultAggregateIntervalInSeconds). */
    static final Duration WINDOW = Duration.ofMinutes(10);
    /** What a combined Event's message starts with, as client-go writes it. */
    static final String COMBINED_PREFIX = "(combined from similar events): ";

    /**
     * An Event after aggregation and the key the Event log counts it under.
     *
     * @param combined whether it is the group's combined Event (keyed by the group, so later ones patch it)
     */
    record Aggregate(Event event, String key, boolean combined) {}

    private final Clock clock;
    private final Map<String, Group> groups;

    EventAggregator(Clock clock, int entries) {
        this.clock = clock;
        this.groups = new LruMap<>(entries);
    }

    Aggregate aggregate(Event event) {
        Instant now = clock.instant();
        String similar = EventKeys.similar(event);
        Group group = groups.get(similar);
        if (group == null || Duration.between(group.last, now).compareTo(WINDOW) > 0) {
            group = new Group();
            groups.put(similar, group);
        }
        group.messages.add(event.getMessage());
        group.last = now;
        if (group.messages.size() < MAX_SIMILAR) {
            return new Aggregate(event, EventKeys.identical(event), false);
        }
        // Keeps the set at the threshold, as client-go does: any new message from here on is combined.
        Iterator<String> any = group.messages.iterator();
        any.next();
        any.remove();
        String time = KubeEvents.timestamp(now);
        Event combined = new EventBuilder(event)
                .editMetadata()
                .withName(event.getInvolvedObject().getName() + "."
                        + HexFormat.of().toHexDigits(now.getEpochSecond() * 1_000_000_000L + now.getNano()))
                .withResourceVersion(null)
                .endMetadata()
                .withMessage(KubeEvents.clip(COMBINED_PREFIX + event.getMessage()))
                .withCount(1)
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .build();
        return new Aggregate(combined, similar, true);
    }

    private static final class Group {

        private final Set<String> messages = new HashSet<>();
        private Instant last;
    }
}
