package io.computemirror.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import io.computemirror.api.v1alpha1.SecretKeyRef;
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

    private UpdateControl<ComputeProvider> poll(ComputeProvider cp, Context<ComputeProvider> context) {
        String ref = key(cp);
        ComputeProviderStatus previous = cp.getStatus() == null ? new ComputeProviderStatus() : cp.getStatus();
        ComputeProviderStatus status = ProviderStatus.copyOf(previous);
        long generation = Generations.of(cp);
        Instant now = clock.instant();
        status.setObservedGeneration(generation);
        status.setEndpoint(ProviderAccounts.endpoint(cp));

        if (Boolean.TRUE.equals(cp.getSpec().getPaused())) {
            ProviderStatus.setReady(
                    status,
                    false,
                    "Paused",
                    "spec.paused is true: not polling " + status.getEndpoint(),
                    generation,
                    now);
            ProviderStatus.clearStalled(status);
            return ProviderStatus.patchIfChanged(cp, previous, status, null);
        }

        MirrorSet<?, ?, ?> mirrors = mirrorSet(cp, context.getClient());
        Staleness staleness = Staleness.of(cp);
        ProviderAccounts.Resolution resolution = accounts.resolve(cp, context.getClient());
        if (resolution instanceof ProviderAccounts.Unusable unusable) {
            // A person must fix the object or its Secret: kstatus (Flux, Argo CD) reads Stalled=True as Failed.
            ProviderStatus.setReady(status, false, unusable.reason(), unusable.message(), generation, now);
            ProviderStatus.setStalled(status, unusable.reason(), unusable.message(), generation, now);
            mirrors.markStaleIfDue(cp, context, staleness, now, status);
            return ProviderStatus.patchIfChanged(
                    cp, previous, status, recheck(Duration.ofSeconds(RECHECK_SECONDS), staleness, now));
        }
        ProviderClient client = ((ProviderAccounts.Usable) resolution).client();
        if (refusedClients.get(key(cp)) == client && !pollDue(previous, cp, now)) {
            // The provider refused this very credential; ask it again only once the Secret changes or a poll is due.
            mirrors.markStaleIfDue(cp, context, staleness, now, status);
            return ProviderStatus.patchIfChanged(
                    cp, previous, status, recheck(Duration.ofSeconds(RECHECK_SECONDS), staleness, now));
        }
        refusedClients.remove(key(cp));

        status.setLastPollTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
        long started = System.nanoTime();
        try {
            Listing<?> listed = mirrors.poll(cp, context, client, now, status);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.poll(
                    cp.getMetadata().getNamespace(),
                    cp.getMetadata().getName(),
                    cp.getSpec().getType().name(),
                    took,
                    null);
            status.setLastPollDurationMillis(took.toMillis());
            status.setLastSuccessTime(status.getLastPollTime());
            status.setConsecutiveFailures(0);
            status.setLastError(null);
            ProviderStatus.clearStalled(status);
            LOG.debugf(
                    "ComputeProvider %s: listed %d objects in %d ms",
                    ref, listed.items().size(), took.toMillis());
        } catch (ProviderException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.poll(
                    cp.getMetadata().getNamespace(),
                    cp.getMetadata().getName(),
                    cp.getSpec().getType().name(),
                    took,
                    e.kind().name());
            status.setLastPollDurationMillis(took.toMillis());
            status.setConsecutiveFailures(
                    Optional.ofNullable(previous.getConsecutiveFailures()).orElse(0) + 1);
            status.setLastError(e.getMessage());
            // Only the ComputeProvider hears of a failed or throttled poll at once; its mirrors keep their data and
            // Synced=True until the data is older than staleAfter (Staleness), so an outage costs each mirror at most
            // two writes, and a rate limit within staleAfter none.
            Duration nextAttempt = RetryAfter.nextAttempt(
                    e, e.kind() == ProviderException.Kind.AUTH ? Duration.ofSeconds(RECHECK_SECONDS) : nextPoll(cp));
            if (e.kind() == ProviderException.Kind.AUTH) {
                ProviderStatus.setReady(status, false, "CredentialsRefused", refusedMessage(cp, e), generation, now);
                ProviderStatus.setStalled(status, "CredentialsRefused", refusedMessage(cp, e), generation, now);
                // The Secret is read again every few seconds, so a fixed credential is used at once.
                refusedClients.put(key(cp), client);
            } else if (e.kind() == ProviderException.Kind.RATE_LIMITED) {
                ProviderStatus.setReady(
                        status,
                        false,
                        "RateLimited",
                        "the provider asked to wait"
                                + e.retryAfter()
                                        .map(d -> " " + Math.max(1, d.toSeconds()) + " s (Retry-After)")
                                        .orElse("")
                                + ": next attempt at " + now.plus(nextAttempt).truncatedTo(ChronoUnit.SECONDS)
                                + "; the mirrors keep the data of "
                                + Optional.ofNullable(previous.getLastSuccessTime())
                                        .orElse("no poll yet"),
                        generation,
                        now);
                ProviderStatus.clearStalled(status);
            } else {
                ProviderStatus.setReady(status, false, "ProviderUnavailable", e.getMessage(), generation, now);
                ProviderStatus.clearStalled(status);
            }
            mirrors.markStaleIfDue(cp, context, staleness, now, status);
            LOG.infof(
                    "ComputeProvider %s: poll failed (%s), next attempt in %d s: %s",
                    ref, e.kind(), nextAttempt.toSeconds(), e.getMessage());
            return UpdateControl.patchStatus(ProviderStatus.withStatus(cp, status))
                    .rescheduleAfter(recheck(nextAttempt, staleness, now));
        }
        return UpdateControl.patchStatus(ProviderStatus.withStatus(cp, status)).rescheduleAfter(nextPoll(cp));
    }

    /** {@code usual}, or earlier when the mirrors' data turns stale before: they are marked at that time. */
    private static Duration recheck(Duration usual, Staleness staleness, Instant now) {
        return staleness
                .untilStale(now)
                .map(d -> d.plusSeconds(1))
                .filter(d -> d.compareTo(usual) < 0)
                .orElse(usual);
    }

    private static String refusedMessage(ComputeProvider cp, ProviderException e) {
        SecretKeyRef secret = cp.getSpec().getCredentialsSecretRef();
        return "the provider refused the credential in Secret "
                + cp.getMetadata().getNamespace() + "/"
                + secret.getName() + " key '" + secret.getKey() + "': " + e.getMessage()
                + "; fix the Secret (it is read again at the next poll)";
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
