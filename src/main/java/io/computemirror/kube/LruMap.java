package io.computemirror.kube;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its least recently used entry beyond a fixed size: the Event caches remember recent objects and
 * messages without growing with the number of objects the operator ever reported on.
 */
final class LruMap<K, V> extends LinkedHashMap<K, V> {

    private final int capacity;

    LruMap(int capacity) {
        super(16, 0.75f, true);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
