package io.computemirror.market.query;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferQuery;
import io.computemirror.kube.KubeEvents;
import io.computemirror.market.MarketMetrics;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Keeps every GpuOfferQuery's status equal to its answer over the GpuOffers of its namespace ({@link Ranking}).
 * <p>
 * Live and cheap: a GpuOffer informer (its own trimmed store, {@link MarketOffers}) maps each offer change to the
 * queries of the offer's namespace, which are then evaluated from that cache, never by listing the API server. A
 * query whose answer did not change is not written. At most 2 evaluations per query per second: during a poll that
 * rewrites many offers, the events for one query are coalesced into the next evaluation instead of one each (so an
 * answer is at most about a second late).
 */
@ControllerConfiguration(name = "gpuofferquery")
@RateLimited(maxReconciliations = 2, within = 1, unit = TimeUnit.SECONDS)
public class GpuOfferQueryReconciler implements Reconciler<GpuOfferQuery> {

    private static final Logger LOG = Logger.getLogger(GpuOfferQueryReconciler.class);

    private final KubeEvents events;
    private final MarketMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private InformerEventSource<GpuOffer, GpuOfferQuery> offers;

    public GpuOfferQueryReconciler(KubeEvents events, MarketMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
    }

    @Override
    public List<EventSource<?, GpuOfferQuery>> prepareEventSources(EventSourceContext<GpuOfferQuery> context) {
        offers = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(GpuOffer.class, GpuOfferQuery.class)
                        .withName("gpuoffers-for-queries")
                        .withItemStore(new MarketOffers())
                        .withNamespacesInheritedFromController()
                        // Every query of the offer's namespace may be affected; the queries come from the primary
                        // cache.
                        .withSecondaryToPrimaryMapper(offer -> context.getPrimaryCache()
                                .list(offer.getMetadata().getNamespace())
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        // The reconciler reads the cache by namespace, never through this mapping; a mapper here keeps
                        // JOSDK
                        // from building an offer-to-query index (offers times queries entries).
                        .withPrimaryToSecondaryMapper(query -> Set.of())
                        .build(),
                context);
        metrics.watch(offers);
        return List.of(offers);
    }

    @Override
    public UpdateControl<GpuOfferQuery> reconcile(GpuOfferQuery query, Context<GpuOfferQuery> context) {
        String namespace = query.getMetadata().getNamespace();
        long started = System.nanoTime();
        Ranking.Answer answer = Ranking.answer(query.getSpec(), offers.list(namespace, o -> true));
        metrics.evaluated(System.nanoTime() - started);
        long generation =
                Optional.ofNullable(query.getMetadata().getGeneration()).orElse(1L);
        Instant now = clock.instant();
        QueryStatuses.Next next = QueryStatuses.next(query.getStatus(), answer, generation, now);
        if (QueryStatuses.same(query.getStatus(), next.status())) {
            return UpdateControl.noUpdate();
        }
        LOG.debugf(
                "GpuOfferQuery %s/%s: %d matched, cheapest %s",
                namespace,
                query.getMetadata().getName(),
                answer.matched(),
                answer.cheapest() == null ? "none" : answer.cheapest().getName());
        if (next.cheapestChanged() != null) {
            events.normal(query, "CheapestChanged", next.cheapestChanged());
        }
        metrics.queryWritten();
        query.setStatus(next.status());
        return UpdateControl.patchStatus(query);
    }
}
