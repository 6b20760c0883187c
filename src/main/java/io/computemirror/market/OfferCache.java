package io.computemirror.market;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.computemirror.api.v1alpha1.GpuOffer;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The operator's one cache of GpuOffers: the sync's informer, which must hold every offer to write only what changed.
 * The query controller and the market metrics read it and hear which namespace changed, instead of running a second
 * GpuOffer informer that would receive, deserialise and hold every offer again (each kind is cached once).
 */
@ApplicationScoped
public class OfferCache {

    /** Told of changes: a namespace whose offers changed, or that the whole cache is (re)filled. */
    public interface Listener {

        void offersChanged(String namespace);

        void offersSynced();
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile InformerEventSource<GpuOffer, ?> informer;

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** Whether the informer has listed every offer once: before that, an answer over the cache would be wrong. */
    public boolean synced() {
        InformerEventSource<GpuOffer, ?> source = informer;
        // Started is not synced when the first list failed: the SDK then starts anyway and the informer retries.
        return source != null
                && source.informerHealthIndicators().values().stream().allMatch(InformerHealthIndicator::hasSynced);
    }

    /** The offers of one namespace (empty before the cache is synced). */
    public Stream<GpuOffer> list(String namespace) {
        InformerEventSource<GpuOffer, ?> source = informer;
        return source == null ? Stream.empty() : source.list(namespace, o -> true);
    }

    /** The offers of every watched namespace (empty before the cache is synced). */
    public Stream<GpuOffer> list() {
        InformerEventSource<GpuOffer, ?> source = informer;
        return source == null ? Stream.empty() : source.list(o -> true);
    }

    /** Called by the informer that fills this cache once it has started (normally: listed every offer). */
    public void started(InformerEventSource<GpuOffer, ?> source) {
        informer = source;
        listeners.forEach(Listener::offersSynced);
    }

    /** Called by the informer that fills this cache for every offer it stored or removed. */
    public void changed(GpuOffer offer) {
        String namespace = offer.getMetadata().getNamespace();
        listeners.forEach(l -> l.offersChanged(namespace));
    }
}
