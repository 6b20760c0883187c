package io.computemirror.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.computemirror.account.ProviderAccounts;
import io.computemirror.account.ProviderTimes;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderStatus;
import io.computemirror.api.v1alpha1.FieldManagers;
import io.computemirror.api.v1alpha1.Generations;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.kube.KubeEvents;
import io.computemirror.market.OfferCache;
import io.computemirror.market.pricing.OfferPricing;
import io.computemirror.provider.Listing;
import io.computemirror.provider.MachineSource;
import io.computemirror.provider.OfferSource;
import io.computemirror.provider.ProviderClient;
import io.computemirror.provider.ProviderException;
import io.computemirror.provider.RetryAfter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import jakarta.inject.Inject;

/**
 * Provider sync: every {@code pollInterval} (with jitter), and at once when a ComputeProvider's spec changes, lists
 * everything at the provider account, compares it with the informer cache of the account's mirrors and writes only
 * what changed ({@link SyncPlan}, {@link MirrorWriter}). Reports on the ComputeProvider: Ready, poll times,
 * failures, counts by phase.
 * <p>
 * The mirror informers only feed the cache: their events never trigger a reconcile, since every reconcile is a
 * poll. While the account is unusable (missing Secret or key, refused endpoint, or a credential the provider refused)
 * its Secret is read again every {@value #RECHECK_SECONDS} seconds, so a fix takes effect at once; a refused credential
 * is not sent to the provider again before the Secret changes or the next poll is due.
 * <p>
 * Per-ComputeProvider memory (its client in {@link ProviderAccounts}, the refused client, the held ids) is keyed by the
 * account key and dropped when the ComputeProvider is deleted ({@link #forget}): the delete hook of a small informer
 * ({@link #deletions}) rather than a finalizer, so deleting a ComputeProvider never waits for the operator. (JOSDK's
 * {@code triggerReconcilerOnAllEvents} would fit too, but with the JOSDK of this Quarkus release it does not call
 * reconcile on deletes: ProviderMemoryIT showed every entry left behind.)
 */
@ControllerConfiguration(name = "computeprovider", fieldManager = FieldManagers.PROVIDER_STATUS)
public class ComputeProviderReconciler implements Reconciler<ComputeProvider> {

    private static final Logger LOG = Logger.getLogger(ComputeProviderReconciler.class);
    static final int RECHECK_SECONDS = 15;
    /** Mirrors per page of an informer's list. */
    static final long MIRROR_LIST_PAGE = 500;

    private final ProviderAccounts accounts;
    private final MirrorWriter writer;
    private final SyncMetrics metrics;
    private final KubeEvents events;
    private final Clock clock;
    /** The client (so: the credential) each account's provider last refused with 401/403. */
    private final Map<String, ProviderClient> refusedClients = new ConcurrentHashMap<>();
    /** External ids the mass-vanish guard held at an account's last poll. */
    private final Map<String, Set<String>> held = new ConcurrentHashMap<>();
    /** What every account's MirrorSet shares (built once). */
    private final MirrorSet.Shared shared;

    /** Normalises offer prices (issue 16); field-injected so the constructors stay as they are. */
    @Inject
    OfferPricing pricing;

    /** Where the GpuOffer informer is shared with the query controller and the market metrics. */
    @Inject
    OfferCache offerCache;

    private InformerEventSource<Machine, ComputeProvider> machines;
    private InformerEventSource<ComputeProvider, ComputeProvider> deletions;
    private InformerEventSource<GpuOffer, ComputeProvider> offers;
    private ProviderDeletion deletion;

    @Inject
    public ComputeProviderReconciler(
            ProviderAccounts accounts, MirrorWriter writer, SyncMetrics metrics, KubeEvents events) {
        this(accounts, writer, metrics, events, Clock.systemUTC());
    }

    ComputeProviderReconciler(
            ProviderAccounts accounts, MirrorWriter writer, SyncMetrics metrics, KubeEvents events, Clock clock) {
        this.accounts = accounts;
        this.writer = writer;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        this.shared = new MirrorSet.Shared(writer, metrics, events, held);
    }

    @Override
    public List<EventSource<?, ComputeProvider>> prepareEventSources(EventSourceContext<ComputeProvider> context) {
        // Machines keep their managedFields: they tell a Machine written by a user (never deleted) from one of ours.
        machines = mirrorInformer(
                Machine.class,
                "machines",
                m -> m.getSpec() == null ? null : m.getSpec().getProviderRef().getName(),
                new TransformingItemStore<>(CompactMirrors.keepingManagedFields()),
                InformerEventSource::new,
                context);
        // GpuOffers without managedFields: about half of what the cache would hold, and nothing reads them. This is
        // the operator's only GpuOffer cache: the query controller and the market metrics read it (OfferCache).
        offers = mirrorInformer(
                GpuOffer.class,
                "gpuoffers",
                o -> o.getSpec() == null ? null : o.getSpec().getProviderRef().getName(),
                new TransformingItemStore<>(CompactMirrors.withoutManagedFields()),
                (configuration, ctx) -> new OfferInformer(configuration, ctx, offerCache),
                context);
        deletions = deletions(context);
        deletion = new ProviderDeletion(deletions::get, cp -> context.getClient()
                .resources(ComputeProvider.class)
                .inNamespace(cp.getMetadata().getNamespace())
                .withName(cp.getMetadata().getName())
                .get());
        return List.of(machines, offers, deletions);
    }

    /** An informer on ComputeProviders whose only job is its delete hook; it never triggers a reconcile. */
    private InformerEventSource<ComputeProvider, ComputeProvider> deletions(
            EventSourceContext<ComputeProvider> context) {
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(ComputeProvider.class, ComputeProvider.class)
                        .withName("computeprovider-deletions")
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(cp -> Set.of(ResourceID.fromResource(cp)))
                        .withOnAddFilter(cp -> false)
                        .withOnUpdateFilter((now, before) -> false)
                        .withOnDeleteFilter((cp, finalStateUnknown) -> {
                            forget(cp);
                            return false;
                        })
                        .withGenericFilter(cp -> false)
                        .build(),
                context);
    }

    private static <R extends HasMetadata> InformerEventSource<R, ComputeProvider> mirrorInformer(
            Class<R> type,
            String name,
            Function<R, String> providerName,
            ItemStore<R> store,
            BiFunction<
                            InformerEventSourceConfiguration<R>,
                            EventSourceContext<ComputeProvider>,
                            InformerEventSource<R, ComputeProvider>>
                    informerType,
            EventSourceContext<ComputeProvider> context) {
        InformerEventSource<R, ComputeProvider> informer = informerType.apply(
                InformerEventSourceConfiguration.from(type, ComputeProvider.class)
                        .withName(name)
                        .withItemStore(store)
                        // The first list (and any relist) in pages: in one response, 10,000 GpuOffers with their
                        // managedFields are about 80 MB of JSON held at once, and a restart ran out of a 192m heap.
                        .withInformerListLimit(MIRROR_LIST_PAGE)
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(r -> providerName.apply(r) == null
                                ? Set.of()
                                : Set.of(new ResourceID(
                                        providerName.apply(r), r.getMetadata().getNamespace())))
                        // The cache is all we need: mirror events must not trigger polls.
                        .withGenericFilter(r -> false)
                        .build(),
                context);
        informer.addIndexers(Map.of(
                MirrorSet.BY_PROVIDER,
                r -> providerName.apply(r) == null
                        ? List.of()
                        : List.of(r.getMetadata().getNamespace() + "/" + providerName.apply(r))));
        return informer;
    }

    @Override
    public UpdateControl<ComputeProvider> reconcile(ComputeProvider cp, Context<ComputeProvider> context) {
        UpdateControl<ComputeProvider> control = poll(cp, context);
        // A delete that arrived while this poll ran: the hook has dropped the entries already, and this poll may have
        // put some back. Checking after the poll leaves no gap: either the hook runs after this check, or this check
        // sees the delete (ProviderDeletion).
        if (deletion.deleted(cp)) {
            forget(cp);
            return UpdateControl.noUpdate();
        }
        return control;
    }

    /** Asks the provider (unless paused, unusable or refused), then writes what that showed: one status write. */
    private UpdateControl<ComputeProvider> poll(ComputeProvider cp, Context<ComputeProvider> context) {
        ComputeProviderStatus previous = cp.getStatus() == null ? new ComputeProviderStatus() : cp.getStatus();
        ComputeProviderStatus status = ProviderStatus.copyOf(previous);
        status.setObservedGeneration(Generations.of(cp));
        status.setEndpoint(ProviderAccounts.endpoint(cp));
        Instant now = clock.instant();
        if (Boolean.TRUE.equals(cp.getSpec().getPaused())) {
            return write(cp, context, null, previous, status, new PollOutcome.Paused(), now);
        }
        MirrorSet<?, ?, ?> mirrors = mirrorSet(cp, context.getClient());
        PollOutcome outcome = attempt(cp, context, mirrors, previous, status, now);
        return write(cp, context, mirrors, previous, status, outcome, now);
    }

    /** The poll itself: resolves the account, lists and mirrors; what happened is the outcome. */
    private PollOutcome attempt(
            ComputeProvider cp,
            Context<ComputeProvider> context,
            MirrorSet<?, ?, ?> mirrors,
            ComputeProviderStatus previous,
            ComputeProviderStatus status,
            Instant now) {
        ProviderAccounts.Resolution resolution = accounts.resolve(cp, context.getClient());
        if (resolution instanceof ProviderAccounts.Unusable unusable) {
            return new PollOutcome.Unusable(unusable.reason(), unusable.message());
        }
        ProviderClient client = ((ProviderAccounts.Usable) resolution).client();
        if (refusedClients.get(key(cp)) == client && !pollDue(previous, cp, now)) {
            // The provider refused this very credential; ask it again only once the Secret changes or a poll is due.
            return new PollOutcome.StillRefused();
        }
        refusedClients.remove(key(cp));
        status.setLastPollTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
        long started = System.nanoTime();
        try {
            Listing<?> listed = mirrors.poll(cp, context, client, now, status);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            recordPoll(cp, took, null);
            LOG.debugf(
                    "ComputeProvider %s: listed %d objects in %d ms",
                    key(cp), listed.items().size(), took.toMillis());
            return new PollOutcome.Listed(took, listed.items().size());
        } catch (ProviderException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            recordPoll(cp, took, e.kind().name());
            boolean refused = e.kind() == ProviderException.Kind.AUTH;
            if (refused) {
                // The Secret is read again every few seconds, so a fixed credential is used at once.
                refusedClients.put(key(cp), client);
            }
            Duration nextAttempt =
                    RetryAfter.nextAttempt(e, refused ? Duration.ofSeconds(RECHECK_SECONDS) : nextPoll(cp));
            return new PollOutcome.Failed(e, took, nextAttempt);
        }
    }

    /**
     * The one place a poll's status is written. Only the ComputeProvider hears of a failed or throttled poll at once;
     * its mirrors keep their data and Synced=True until the data is older than staleAfter (Staleness), so an outage
     * costs each mirror at most two writes, and a rate limit within staleAfter none.
     */
    private UpdateControl<ComputeProvider> write(
            ComputeProvider cp,
            Context<ComputeProvider> context,
            MirrorSet<?, ?, ?> mirrors,
            ComputeProviderStatus previous,
            ComputeProviderStatus status,
            PollOutcome outcome,
            Instant now) {
        PollStatuses.show(outcome, cp, previous, status, now);
        if (outcome instanceof PollOutcome.Paused) {
            return ProviderStatus.patchIfChanged(cp, previous, status, null);
        }
        if (outcome instanceof PollOutcome.Listed) {
            return UpdateControl.patchStatus(ProviderStatus.withStatus(cp, status))
                    .rescheduleAfter(nextPoll(cp));
        }
        Staleness staleness = Staleness.of(cp);
        mirrors.markStaleIfDue(cp, context, staleness, now, status);
        if (outcome instanceof PollOutcome.Failed failed) {
            ProviderException e = failed.error();
            LOG.infof(
                    "ComputeProvider %s: poll failed (%s), next attempt in %d s: %s",
                    key(cp), e.kind(), failed.nextAttempt().toSeconds(), e.getMessage());
            return UpdateControl.patchStatus(ProviderStatus.withStatus(cp, status))
                    .rescheduleAfter(recheck(failed.nextAttempt(), staleness, now));
        }
        // Unusable or StillRefused: a person must act; look again soon, or when the data turns stale.
        return ProviderStatus.patchIfChanged(
                cp, previous, status, recheck(Duration.ofSeconds(RECHECK_SECONDS), staleness, now));
    }

    private void recordPoll(ComputeProvider cp, Duration took, String error) {
        metrics.poll(
                cp.getMetadata().getNamespace(),
                cp.getMetadata().getName(),
                cp.getSpec().getType().name(),
                took,
                error);
    }

    /** {@code usual}, or earlier when the mirrors' data turns stale before: they are marked at that time. */
    private static Duration recheck(Duration usual, Staleness staleness, Instant now) {
        return staleness
                .untilStale(now)
                .map(d -> d.plusSeconds(1))
                .filter(d -> d.compareTo(usual) < 0)
                .orElse(usual);
    }

    /** Drops everything this process keeps about a deleted ComputeProvider. */
    void forget(ComputeProvider cp) {
        String key = key(cp);
        accounts.forget(cp.getMetadata().getNamespace(), cp.getMetadata().getName());
        refusedClients.remove(key);
        held.remove(key);
        metrics.forget(cp.getMetadata().getNamespace(), cp.getMetadata().getName());
        LOG.debugf("ComputeProvider %s deleted: its in-memory entries are dropped", key);
    }

    /** Sizes of the per-ComputeProvider maps (cached clients, refused clients, held ids, metric gauges), for tests. */
    public Map<String, Integer> memory() {
        return Map.of(
                "clients",
                accounts.size(),
                "refusedClients",
                refusedClients.size(),
                "held",
                held.size(),
                "mirrorGauges",
                metrics.mirrorGauges());
    }

    /** The mirror kind of a provider type, paired with its listing and its informer cache. */
    private MirrorSet<?, ?, ?> mirrorSet(ComputeProvider cp, KubernetesClient kubernetes) {
        if (cp.getSpec().getType().listsOffers()) {
            return new MirrorSet<>(
                    new OfferMirrors(pricing.forPoll(cp, kubernetes, clock.instant())),
                    offers,
                    client -> OfferSource.of(client).listOffers(),
                    shared);
        }
        return new MirrorSet<>(
                new MachineMirrors(cp.getSpec().getType(), SuspensionCosts.warning(cp), clock.instant()),
                machines,
                client -> MachineSource.of(client).listMachines(),
                shared);
    }

    private static String key(ComputeProvider cp) {
        return ProviderAccounts.key(cp);
    }

    private static boolean pollDue(ComputeProviderStatus status, ComputeProvider cp, Instant now) {
        try {
            return status.getLastPollTime() == null
                    || !Instant.parse(status.getLastPollTime())
                            .plus(pollInterval(cp))
                            .isAfter(now);
        } catch (java.time.format.DateTimeParseException e) {
            return true;
        }
    }

    private static Duration pollInterval(ComputeProvider cp) {
        return ProviderTimes.pollInterval(cp);
    }

    /** The poll interval with up to 10% jitter, so accounts created together do not poll in lockstep. */
    static Duration nextPoll(ComputeProvider cp) {
        Duration interval = pollInterval(cp);
        long jitter =
                (long) (interval.toMillis() * 0.1 * ThreadLocalRandom.current().nextDouble());
        return interval.plusMillis(jitter);
    }
}
