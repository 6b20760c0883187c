package io.computemirror.sync;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.market.OfferCache;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/** The sync's GpuOffer informer, which also tells {@link OfferCache} of every change it stores and when it is synced. */
final class OfferInformer extends InformerEventSource<GpuOffer, ComputeProvider> {

    private final OfferCache shared;

    OfferInformer(
            InformerEventSourceConfiguration<GpuOffer> configuration,
            EventSourceContext<ComputeProvider> context,
            OfferCache shared) {
        super(configuration, context);
        this.shared = shared;
    }

    /** The SDK returns from start once the informer has listed every offer (or fails the operator's start). */
    @Override
    public synchronized void start() {
        super.start();
        shared.started(this);
    }

    @Override
    public void onAdd(GpuOffer offer) {
        super.onAdd(offer);
        shared.changed(offer);
    }

    @Override
    public void onUpdate(GpuOffer before, GpuOffer offer) {
        super.onUpdate(before, offer);
        shared.changed(offer);
    }

    @Override
    public void onDelete(GpuOffer offer, boolean finalStateUnknown) {
        super.onDelete(offer, finalStateUnknown);
        shared.changed(offer);
    }
}
