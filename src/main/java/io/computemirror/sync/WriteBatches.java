package io.computemirror.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.computemirror.sync.SyncPlan.Write;

/** A poll's planned writes collected until a batch is full, then handed over. */
final class WriteBatches<R> {

    private final Consumer<List<Write<R>>> consumer;
    private List<Write<R>> batch = new ArrayList<>();

    WriteBatches(Consumer<List<Write<R>>> consumer) {
        this.consumer = consumer;
    }

    void add(Write<R> write) {
        batch.add(write);
        if (batch.size() >= SyncPlan.WRITE_BATCH) {
            flush();
        }
    }

    void flush() {
        if (!batch.isEmpty()) {
            List<Write<R>> full = batch;
            batch = new ArrayList<>();
            consumer.accept(full);
        }
    }
}
