package io.computemirror.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * An in-memory API server for Events: keeps them by name, counts creates and patches, can forget, refuse or hold.
 * Written by the recorder's thread; read by the test after {@code KubeEvents.flush()}.
 */
final class RecordingEventSink implements EventSink {

    final Map<String, Event> stored = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    boolean refuse;
    /** When set, a create waits for it: the writing thread is busy while the test fills the queue. */
    CountDownLatch gate;

    private long version;

    @Override
    public Event create(Event event) {
        if (gate != null) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        calls.add("create " + event.getMetadata().getName());
        if (refuse) {
            throw new KubernetesClientException("refused", 500, null);
        }
        if (stored.containsKey(event.getMetadata().getName())) {
            throw new KubernetesClientException("exists", 409, null);
        }
        Event copy = new EventBuilder(event)
                .editMetadata()
                .withResourceVersion(Long.toString(++version))
                .endMetadata()
                .build();
        stored.put(copy.getMetadata().getName(), copy);
        return copy;
    }

    @Override
    public Event patch(Event event) {
        calls.add("patch " + event.getMetadata().getName());
        Event existing = stored.get(event.getMetadata().getName());
        if (existing == null) {
            throw new KubernetesClientException("not found", 404, null);
        }
        existing.setCount(event.getCount());
        existing.setLastTimestamp(event.getLastTimestamp());
        existing.setMessage(event.getMessage());
        existing.getMetadata().setResourceVersion(Long.toString(++version));
        return new EventBuilder(existing).build();
    }

    long creates() {
        return calls.stream().filter(c -> c.startsWith("create")).count();
    }

    long patches() {
        return calls.stream().filter(c -> c.startsWith("patch")).count();
    }
}
