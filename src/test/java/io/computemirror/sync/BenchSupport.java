package io.computemirror.sync;

import java.util.Map;

import io.computemirror.api.v1alpha1.GpuOfferStatus;
import io.computemirror.provider.OfferObservation;

/** The sync's own mapping, for the benchmark's baseline (so both write the same objects). */
public final class BenchSupport {

    private final OfferMirrors offers = new OfferMirrors();

    public Map<String, String> labels(OfferObservation offer) {
        return offers.labels(offer);
    }

    public GpuOfferStatus status(OfferObservation offer) {
        return offers.observedStatus(offer);
    }
}
