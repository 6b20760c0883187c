package io.computemirror.api.v1alpha1;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The one rule for {@code metadata.generation}: the API server starts every object with a spec at 1 and only counts
 * up, so an object without one (built in memory, never stored) is read as generation 1. Conditions,
 * {@code observedGeneration} and operation bookkeeping all read it here, so they agree on a new object.
 */
public final class Generations {

    /** The generation of an object that has none yet. */
    public static final long FIRST = 1L;

    private Generations() {}

    public static long of(HasMetadata object) {
        Long generation =
                object.getMetadata() == null ? null : object.getMetadata().getGeneration();
        return generation == null ? FIRST : generation;
    }
}
