package io.computemirror.market.query;

import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferStatus;
import io.computemirror.api.v1alpha1.NormalizedPrice;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * The query controller's store of GpuOffers, trimmed to what queries and market metrics read: metadata without managedFields, spec, and of
 * the status phase, availability, GPU count, summary and memory per GPU, country, CUDA version and the normalised
 * prices. The rest (listed prices, CPU, storage, history, conditions, the price basis) is dropped as
 * each object arrives, so this second cache of the offers (the sync keeps its own, complete one) costs a fraction of
 * the first.
 */
final class MarketOffers extends BasicItemStore<GpuOffer> {

    MarketOffers() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public GpuOffer put(String key, GpuOffer offer) {
        return super.put(key, trim(offer));
    }

    static GpuOffer trim(GpuOffer offer) {
        // Metadata stays as it is (JOSDK's event handling reads annotations), except the large managedFields.
        offer.getMetadata().setManagedFields(null);
        GpuOfferStatus s = offer.getStatus();
        if (s == null) {
            return offer;
        }
        s.setProviderState(null);
        s.setCpu(null);
        s.setMemoryGb(null);
        s.setStorage(null);
        s.setBandwidthMbps(null);
        s.setPrices(null);
        s.setNormalizedPriceProblem(null);
        s.setPriceHistory(null);
        s.setConditions(null);
        s.setGoneSince(null);
        if (s.getLocation() != null) {
            s.getLocation().setCity(null);
        }
        if (s.getGpus() != null) {
            s.setGpus(s.getGpus().stream()
                    .map(g -> {
                        GpuOfferStatus.Gpu memoryOnly = new GpuOfferStatus.Gpu();
                        memoryOnly.setMemoryGb(g.getMemoryGb());
                        return memoryOnly;
                    })
                    .toList());
        }
        NormalizedPrice price = s.getNormalizedPrice();
        if (price != null) {
            price.setBasis(null);
        }
        return offer;
    }
}
