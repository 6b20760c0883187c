package io.computemirror.market.query;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.computemirror.api.v1alpha1.FieldManagers;
import io.computemirror.api.v1alpha1.Generations;
import io.computemirror.api.v1alpha1.GpuOfferQuery;
import io.computemirror.kube.KubeEvents;
import io.computemirror.market.MarketMetrics;
import io.computemirror.market.OfferCache;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

/**
 * Keeps every GpuOfferQuery's status equal to its answer over the GpuOffers of its namespace ({@link Ranking}).
 * <p>
 * Live and cheap: the answer is computed from the operator's one GpuOffer cache (the sync's, {@link OfferCache}), never
 * by listing the API server, and a query whose answer did not change is not written. Offer changes are collected by
 * namespace until they settle ({@link OfferChanges}): a changed offer reaches its queries within about a second of
 * the poll's last write, and a first sync of thousands of offers costs each query one evaluation every few seconds, not
 * one per offer.
 */
@ControllerConfiguration(name = "gpuofferquery", fieldManager = FieldManagers.QUERY_STATUS)
public class GpuOfferQueryReconciler implements Reconciler<GpuOfferQuery> {

    private static final Logger LOG = Logger.getLogger(GpuOfferQueryReconciler.class);

    private final KubeEvents events;
    private final MarketMetrics metrics;
    private final OfferCache offers;
    private final Clock clock = Clock.systemUTC();

    public GpuOfferQueryReconciler(KubeEvents events, MarketMetrics metrics, OfferCache offers) {
        this.events = events;
        this.metrics = metrics;
        this.offers = offers;
    }

    @Override
    public List<EventSource<?, GpuOfferQuery>> prepareEventSources(EventSourceContext<GpuOfferQuery> context) {
        IndexedResourceCache<GpuOfferQuery> queries = context.getPrimaryCache();
        OfferChanges changes = new OfferChanges(queries::list, queries::list, OfferChanges.Timing.DEFAULT);
        offers.listen(changes);
        metrics.watch(offers);
        return List.of(changes);
    }

    @Override
    public UpdateControl<GpuOfferQuery> reconcile(GpuOfferQuery query, Context<GpuOfferQuery> context) {
        if (!offers.synced()) {
            // Not an answer yet: the offer cache tells OfferChanges when it is filled, which evaluates every query.
            return UpdateControl.noUpdate();
        }
        String namespace = query.getMetadata().getNamespace();
        long generation = Generations.of(query);
        Instant now = clock.instant();
        Optional<String> problem = QuerySpecs.problem(query.getSpec());
        QueryStatuses.Next next;
        if (problem.isPresent()) {
            next = QueryStatuses.invalid(query.getStatus(), problem.get(), generation, now);
        } else {
            long started = System.nanoTime();
            Ranking.Answer answer = Ranking.answer(query.getSpec(), offers.list(namespace));
            metrics.evaluated(System.nanoTime() - started);
            next = QueryStatuses.next(query.getStatus(), answer, generation, now);
        }
        if (QueryStatuses.same(query.getStatus(), next.status())) {
            return UpdateControl.noUpdate();
        }
        LOG.debugf(
                "GpuOfferQuery %s/%s: %s",
                namespace,
                query.getMetadata().getName(),
                problem.orElseGet(() -> next.status().getMatchedOffers() + " matched"));
        if (next.cheapestChanged() != null) {
            events.normal(query, "CheapestChanged", next.cheapestChanged());
        }
        metrics.queryWritten();
        query.setStatus(next.status());
        return UpdateControl.patchStatus(query);
    }
}
