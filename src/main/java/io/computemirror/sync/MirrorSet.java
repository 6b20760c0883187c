package io.computemirror.sync;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.computemirror.account.ProviderAccounts;
import io.computemirror.account.ProviderTimes;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderStatus;
import io.computemirror.api.v1alpha1.Generations;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MirrorStatus;
import io.computemirror.kube.KubeEvents;
import io.computemirror.provider.Listing;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.ProviderClient;
import io.computemirror.provider.ProviderException;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * One ComputeProvider's mirrors of one kind, typed end to end: the kind, the informer cache of its resources and
 * the provider listing that yields its observations. Plans and writes them, and reports on the ComputeProvider.
 */
final class MirrorSet<R extends CustomResource<?, S>, S extends MirrorStatus, O> {

    /** Batches of planned writes queued or being written at once during a poll. */
    static final int IN_FLIGHT = 2;

    /** The informer index of mirrors by their account ({@code namespace/name} of the ComputeProvider). */
    static final String BY_PROVIDER = "byProvider";

    /**
     * What the mirror sets of all accounts share: the writer, the metrics, the Events, and per account the ids whose
     * Gone marking the mass-vanish guard holds.
     */
    record Shared(MirrorWriter writer, SyncMetrics metrics, KubeEvents events, Map<String, Set<String>> held) {}

    private final MirrorKind<R, S, O> kind;
    private final InformerEventSource<R, ComputeProvider> cache;
    private final Function<ProviderClient, Listing<O>> listing;
    private final MirrorWriter writer;
    private final SyncMetrics metrics;
    private final KubeEvents events;
    private final Map<String, Set<String>> held;

    MirrorSet(
            MirrorKind<R, S, O> kind,
            InformerEventSource<R, ComputeProvider> cache,
            Function<ProviderClient, Listing<O>> listing,
            Shared shared) {
        this.kind = kind;
        this.cache = cache;
        this.listing = listing;
        this.writer = shared.writer();
        this.metrics = shared.metrics();
        this.events = shared.events();
        this.held = shared.held();
    }

    /**
     * Lists the provider and mirrors what it listed.
     *
     * @return the listing
     * @throws ProviderException when the listing failed (nothing is written then)
     */
    Listing<O> poll(
            ComputeProvider cp,
            Context<ComputeProvider> context,
            ProviderClient client,
            Instant now,
            ComputeProviderStatus status) {
        Listing<O> listed = listing.apply(client);
        mirror(cp, context, listed, now, status);
        return listed;
    }

    private void mirror(
            ComputeProvider cp,
            Context<ComputeProvider> context,
            Listing<O> listing,
            Instant now,
            ComputeProviderStatus status) {
        String key = ProviderAccounts.key(cp);
        List<O> listed = listing.items();
        // An incomplete listing updates what it saw and decides nothing about what it did not see: the guard's
        // held ids stay as they are, and the next complete listing decides.
        Set<String> previouslyHeld = held.getOrDefault(key, Set.of());
        // Batches of planned writes (SyncPlan.WRITE_BATCH) go to the writer threads as they are planned; at most
        // IN_FLIGHT of them are queued or being written, so the writers never wait for planning and the planner never
        // runs more than that far ahead.
        InFlight written = new InFlight();
        // Market Events wait for the poll's end: only then is it known whether they are few (one each) or a
        // market-wide change (one summary on the ComputeProvider).
        PollEvents pollEvents = new PollEvents();
        SyncPlan.Summary plan = new SyncPlan<>(kind, MirrorOwner.of(cp), now)
                .afterPoll(
                        listed,
                        existing(cp),
                        SyncPlan.syncedMessage(status.getEndpoint()),
                        ProviderTimes.goneGracePeriod(cp),
                        previouslyHeld,
                        listing.isComplete(),
                        batch -> written.add(writer.start(context.getClient(), pollEvents.take(batch), cache)));
        MirrorWriter.Outcome outcome = written.finish();
        pollEvents.record(events, cp, kind.type().getSimpleName());
        status.setListing(ProviderStatus.listingStatus(listing));
        long generation = Generations.of(cp);
        recordVanishGuard(cp, key, listing, plan);
        report(cp, plan, status);
        reportSuspensions(cp, listed, now);
        showReady(listing, plan, outcome, status, generation, now);
    }

    /** Remembers the ids the mass-vanish guard holds back (only a complete listing decides), with an Event. */
    private void recordVanishGuard(ComputeProvider cp, String key, Listing<O> listing, SyncPlan.Summary plan) {
        if (!listing.isComplete()) {
            metrics.incompleteListing(
                    cp.getMetadata().getNamespace(),
                    cp.getMetadata().getName(),
                    cp.getSpec().getType().name(),
                    listing.incomplete().reason().name());
        } else if (plan.heldIds().isEmpty()) {
            held.remove(key);
        } else if (!plan.heldIds().equals(held.put(key, plan.heldIds()))) {
            events.warning(
                    cp,
                    "MassVanishHeld",
                    plan.heldIds().size() + " of " + plan.total() + " "
                            + kind.type().getSimpleName()
                            + "s are no longer listed: marking them Gone is held until the "
                            + "next poll confirms it");
        }
    }

    /** An account that lists offers as well as machines (Vast) reports suspensions only from its machines. */
    private void reportSuspensions(ComputeProvider cp, List<O> listed, Instant now) {
        if (cp.getSpec().getType().canSuspend() && kind.type() == Machine.class) {
            metrics.suspensions(
                    cp.getMetadata().getNamespace(),
                    cp.getMetadata().getName(),
                    SuspensionCosts.of(
                            listed.stream().map(MachineObservation.class::cast).toList(),
                            now,
                            SuspensionCosts.warning(cp)));
        }
    }

    /** Ready after a poll: failed writes, then an incomplete listing, then a held mass vanish, else Polled. */
    private static void showReady(
            Listing<?> listing,
            SyncPlan.Summary plan,
            MirrorWriter.Outcome outcome,
            ComputeProviderStatus status,
            long generation,
            Instant now) {
        List<?> listed = listing.items();
        if (outcome.failures() > 0) {
            ProviderStatus.setReady(
                    status,
                    false,
                    "MirrorWriteFailed",
                    outcome.failures() + " of "
                            + (outcome.failures() + outcome.writes())
                            + " writes failed (retried at the next poll); first: "
                            + outcome.firstError(),
                    generation,
                    now);
        } else if (!listing.isComplete()) {
            ProviderStatus.setReady(
                    status,
                    true,
                    "ListingIncomplete",
                    "listed " + listed.size() + " objects"
                            + (listing.expected() == null ? "" : " of " + listing.expected() + " announced")
                            + ", but the "
                            + "listing is incomplete ("
                            + listing.incomplete().reason() + ": "
                            + listing.incomplete().message()
                            + "): what was seen is updated, nothing is marked Gone until a complete listing",
                    generation,
                    now);
        } else if (!plan.heldIds().isEmpty()) {
            ProviderStatus.setReady(
                    status,
                    true,
                    "MassVanishHeld",
                    "listed " + listed.size() + " objects; "
                            + plan.heldIds().size()
                            + " of the mirrored objects are no longer listed (more than half): marking them Gone is held "
                            + "until the next poll confirms it",
                    generation,
                    now);
        } else {
            ProviderStatus.setReady(
                    status,
                    true,
                    "Polled",
                    "listed " + listed.size() + " objects at " + status.getEndpoint(),
                    generation,
                    now);
        }
    }

    /** Batches being written: adding one beyond {@value #IN_FLIGHT} waits for the oldest. */
    private static final class InFlight {

        private final Deque<CompletableFuture<MirrorWriter.Outcome>> pending = new ArrayDeque<>();
        private MirrorWriter.Outcome done = MirrorWriter.Outcome.NONE;

        void add(CompletableFuture<MirrorWriter.Outcome> batch) {
            pending.add(batch);
            while (pending.size() > IN_FLIGHT) {
                done = done.plus(pending.poll().join());
            }
        }

        MirrorWriter.Outcome finish() {
            while (!pending.isEmpty()) {
                done = done.plus(pending.poll().join());
            }
            return done;
        }
    }

    /** After a failed, throttled or skipped poll: Synced=False on the mirrors once their data is stale. */
    void markStaleIfDue(
            ComputeProvider cp,
            Context<ComputeProvider> context,
            Staleness staleness,
            Instant now,
            ComputeProviderStatus status) {
        if (!staleness.isStale(now)) {
            return;
        }
        SyncPlan.Result<R> plan = new SyncPlan<>(kind, MirrorOwner.of(cp), now)
                .afterFailure(existing(cp), Staleness.REASON, staleness.message(cp));
        writer.write(context.getClient(), plan.writes(), cache);
        report(cp, plan.summary(), status);
    }

    private void report(ComputeProvider cp, SyncPlan.Summary plan, ComputeProviderStatus status) {
        ComputeProviderStatus.ObjectCounts counts = new ComputeProviderStatus.ObjectCounts();
        counts.setTotal(plan.total());
        counts.setByPhase(plan.byPhase());
        counts.setHeldGone(plan.heldIds().isEmpty() ? null : plan.heldIds().size());
        status.setObjects(counts);
        metrics.mirrors(
                cp.getMetadata().getNamespace(),
                cp.getMetadata().getName(),
                kind.type().getSimpleName(),
                plan.byPhase());
    }

    private List<R> existing(ComputeProvider cp) {
        return cache.byIndex(BY_PROVIDER, ProviderAccounts.key(cp));
    }
}
