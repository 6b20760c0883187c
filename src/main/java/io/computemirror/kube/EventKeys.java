package io.computemirror.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectReference;

/**
 * The keys client-go's event correlator groups Events by ({@code k8s.io/client-go/tools/record/events_cache.go}), so
 * the operator's Events count and combine the way every other controller's do:
 * <ul>
 * <li>{@link #identical}: source, involved object, type, reason and message (one Event whose count goes up);</li>
 * <li>{@link #similar}: the same without the message (similar Events, combined past a threshold);</li>
 * <li>{@link #object}: source and involved object (the spam filter's token bucket).</li>
 * </ul>
 */
final class EventKeys {

    /** Separates the parts; client-go joins them with nothing, which lets "ab"+"c" meet "a"+"bc". */
    private static final char SEPARATOR = '\u0000';

    private EventKeys() {}

    static String identical(Event event) {
        return join(similar(event), event.getMessage());
    }

    static String similar(Event event) {
        return join(
                object(event),
                event.getType(),
                event.getReason(),
                event.getReportingComponent(),
                event.getReportingInstance());
    }

    static String object(Event event) {
        EventSource source = event.getSource();
        ObjectReference o = event.getInvolvedObject();
        return join(
                source == null ? null : source.getComponent(),
                source == null ? null : source.getHost(),
                o.getKind(),
                o.getNamespace(),
                o.getName(),
                o.getUid(),
                o.getApiVersion(),
                o.getFieldPath());
    }

    private static String join(String... parts) {
        StringBuilder key = new StringBuilder();
        for (String part : parts) {
            if (part != null) {
                key.append(part);
            }
            key.append(SEPARATOR);
        }
        return key.toString();
    }
}
