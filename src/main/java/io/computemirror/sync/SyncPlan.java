package io.computemirror.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Conditions;
import io.computemirror.api.v1alpha1.Generations;
import io.computemirror.api.v1alpha1.MirrorStatus;
import io.computemirror.sync.MirrorKind.MirrorEvent;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * The pure heart of the sync: from what the provider listed and the mirrors that exist, the writes to make.
 * <ul>
 * <li>new at the provider → apply the resource (identity, labels, owner), then its status;</li>
 * <li>changed → apply only what changed (labels and/or status); unchanged → nothing at all;</li>
 * <li>vanished → status phase Gone, unless the mass-vanish guard holds the step; after the grace period the
 * resource is deleted, unless someone else wrote its identity (a Machine adopted from Git is only marked Gone);</li>
 * <li>incomplete listing → what it lists is updated as above; nothing is marked Gone or deleted;</li>
 * <li>failed poll whose data is stale → nothing is created, marked or deleted; only {@code Synced} turns False and
 * the data stays.</li>
 * </ul>
 * Lookups go through {@code spec.externalId}, so a mirror written by hand under any name is adopted.
 */
final class SyncPlan<R extends CustomResource<?, S>, S extends MirrorStatus, O> {

    /** A poll that would mark more than this share of the active mirrors Gone is held... */
    static final double GUARD_SHARE = 0.5;
    /** ...when it concerns more than this many mirrors. */
    static final int GUARD_MIN = 10;

    /**
     * The writes for one object, applied in this order: identity (metadata and spec), status; or a delete.
     *
     * @param previous the mirror before the writes, null when it is new
     */
    record Write<R>(String name, R identity, R status, boolean delete, R previous, List<MirrorEvent> events) {}

    /**
     * A poll hands its planned writes over in batches of at most this many, written before the next batch is planned:
     * a first sync of N objects then holds a batch of planned objects at a time, not N (measured at 10,000 offers:
     * the planned writes alone are about as large as the informer cache).
     */
    static final int WRITE_BATCH = 500;

    /**
     * What a plan decided besides its writes.
     *
     * @param heldIds external ids held back by the mass-vanish guard (empty when nothing is held)
     * @param byPhase mirrors by phase once the writes are done
     */
    record Summary(Set<String> heldIds, Map<String, Integer> byPhase) {

        int total() {
            return byPhase.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** A plan with all its writes at once (tests, and plans that are small by nature). */
    record Result<R>(List<Write<R>> writes, Set<String> heldIds, Map<String, Integer> byPhase) {

        int total() {
            return summary().total();
        }

        Summary summary() {
            return new Summary(heldIds, byPhase);
        }
    }

    private final MirrorKind<R, S, O> kind;
    private final MirrorOwner owner;
    private final String providerName;
    private final Instant now;
    private final MirrorIdentity<R, S, O> identities;

    SyncPlan(MirrorKind<R, S, O> kind, MirrorOwner owner, Instant now) {
        this.kind = kind;
        this.owner = owner;
        this.providerName = owner.name();
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
        this.identities = new MirrorIdentity<>(kind, owner);
    }

    /** The message of {@code Synced=True}: the same for a poll and a refresh, so neither rewrites the other's. */
    static String syncedMessage(String endpoint) {
        return "status is what " + endpoint + " last reported";
    }

    /**
     * The writes after a successful poll.
     *
     * @param syncedMessage message of the {@code Synced=True} condition (stable from poll to poll)
     * @param previouslyHeld ids the guard held at the previous poll: if they are all still missing, the step goes ahead
     * @param complete whether the listing is known to be complete; an incomplete one updates what it lists and marks
     *        or deletes nothing (what it did not list may simply have been skipped)
     */
    Result<R> afterPoll(
            List<O> observed,
            Collection<R> existing,
            String syncedMessage,
            Duration gracePeriod,
            Set<String> previouslyHeld,
            boolean complete) {
        List<Write<R>> writes = new ArrayList<>();
        Summary summary =
                afterPoll(observed, existing, syncedMessage, gracePeriod, previouslyHeld, complete, writes::addAll);
        return new Result<>(writes, summary.heldIds(), summary.byPhase());
    }

    /**
     * The writes after a successful poll, handed to {@code batches} {@value #WRITE_BATCH} at a time as they are
     * planned (see {@link #afterPoll(List, Collection, String, Duration, Set, boolean)}).
     */
    Summary afterPoll(
            List<O> observed,
            Collection<R> existing,
            String syncedMessage,
            Duration gracePeriod,
            Set<String> previouslyHeld,
            boolean complete,
            Consumer<List<Write<R>>> batches) {
        Map<String, R> byId = identities.index(existing);
        WriteBatches<R> writes = new WriteBatches<>(batches);
        Map<String, Integer> byPhase = new TreeMap<>();
        for (O observation : observed) {
            planListed(observation, byId.remove(kind.externalId(observation)), syncedMessage, byPhase, writes);
        }
        if (!complete) {
            byId.values().forEach(m -> count(byPhase, m.getStatus()));
            writes.flush();
            return new Summary(previouslyHeld, byPhase);
        }
        List<R> vanishing = new ArrayList<>();
        for (R mirror : byId.values()) {
            Instant goneSince = goneSince(mirror);
            if (goneSince == null) {
                vanishing.add(mirror);
            } else if (!goneSince.plus(gracePeriod).isAfter(now) && !MirrorIdentity.identityWrittenByOthers(mirror)) {
                writes.add(new Write<>(name(mirror), null, null, true, mirror, List.of()));
            } else {
                count(byPhase, mirror.getStatus());
            }
        }
        long active = existing.stream().filter(m -> goneSince(m) == null).count();
        Set<String> vanishingIds = vanishing.stream().map(kind::externalId).collect(Collectors.toSet());
        boolean massVanish = vanishing.size() > GUARD_MIN && vanishing.size() > active * GUARD_SHARE;
        boolean confirmed = !previouslyHeld.isEmpty() && vanishingIds.containsAll(previouslyHeld);
        if (massVanish && !confirmed) {
            vanishing.forEach(m -> count(byPhase, m.getStatus()));
            writes.flush();
            return new Summary(vanishingIds, byPhase);
        }
        for (R mirror : vanishing) {
            S status = goneStatus(mirror, syncedMessage);
            count(byPhase, status);
            writes.add(new Write<>(
                    name(mirror), null, identities.withStatus(mirror, status), false, mirror, events(mirror, status)));
        }
        writes.flush();
        return new Summary(Set.of(), byPhase);
    }

    /** A listed object: its mirror's identity and status, each written only when it differs. */
    private void planListed(
            O observation, R current, String syncedMessage, Map<String, Integer> byPhase, WriteBatches<R> writes) {
        R base = current != null ? current : identities.fresh(kind.externalId(observation));
        S status = observedStatus(base, observation, syncedMessage, conditionsOf(base));
        count(byPhase, status);
        Map<String, String> labels = identities.labels(kind.labels(observation));
        R identity =
                current == null || !identities.hasIdentity(current, labels) ? identities.identity(base, labels) : null;
        R statusWrite = current == null || !sameOwnedStatus(current.getStatus(), status)
                ? identities.withStatus(base, status)
                : null;
        if (identity != null || statusWrite != null) {
            writes.add(new Write<>(name(base), identity, statusWrite, false, current, events(current, status)));
        }
    }

    /** The writes after a failed poll: {@code Synced=False} on every mirror that does not say so already. */
    Result<R> afterFailure(Collection<R> existing, String reason, String message) {
        List<Write<R>> writes = new ArrayList<>();
        Map<String, Integer> byPhase = new TreeMap<>();
        for (R mirror : existing) {
            count(byPhase, mirror.getStatus());
            S status = ownedCopy(mirror);
            status.setConditions(Conditions.set(
                    status.getConditions(),
                    ApiConstants.CONDITION_SYNCED,
                    false,
                    reason,
                    message,
                    generation(mirror),
                    now));
            if (!sameOwnedStatus(mirror.getStatus(), status)) {
                writes.add(new Write<>(
                        name(mirror), null, identities.withStatus(mirror, status), false, mirror, List.of()));
            }
        }
        return new Result<>(writes, Set.of(), byPhase);
    }

    /**
     * The status write for one mirror outside a poll (the actuation, after acting on it): from a fresh observation
     * when there is one, else the mirror's own data with its generation and Ready brought up to date. Null when
     * nothing would change.
     */
    Write<R> refresh(R mirror, O observation, String syncedMessage) {
        return refresh(mirror, observation, syncedMessage, conditionsOf(mirror));
    }

    /**
     * As {@link #refresh(CustomResource, Object, String)}, starting from {@code conditions} instead of the mirror's
     * own: how the conditions another controller decides (the actuation's {@code Reconciling} and {@code Stalled})
     * reach the status, whose conditions list the sync alone writes.
     */
    Write<R> refresh(R mirror, O observation, String syncedMessage, List<Condition> conditions) {
        S status;
        if (observation != null) {
            status = observedStatus(mirror, observation, syncedMessage, conditions);
        } else {
            status = ownedCopy(mirror);
            status.setConditions(conditions);
            long generation = generation(mirror);
            status.setObservedGeneration(generation);
            Conditions.find(status.getConditions(), ApiConstants.CONDITION_SYNCED)
                    .ifPresent(synced ->
                            status.setConditions(Conditions.set(status.getConditions(), synced, generation, now)));
            status.setConditions(Conditions.set(status.getConditions(), kind.ready(mirror, status), generation, now));
        }
        return statusWrite(mirror, status);
    }

    /**
     * The status write that puts {@code conditions} in place of the mirror's and changes nothing else (no generation
     * observed, Ready as it is): for a mirror the sync cannot refresh now (its ComputeProvider is missing, or its spec
     * changed meanwhile). Null when nothing would change.
     */
    Write<R> withOnlyConditions(R mirror, List<Condition> conditions) {
        S status = ownedCopy(mirror);
        status.setConditions(conditions);
        return statusWrite(mirror, status);
    }

    private Write<R> statusWrite(R mirror, S status) {
        if (sameOwnedStatus(mirror.getStatus(), status)) {
            return null;
        }
        return new Write<>(
                name(mirror), null, identities.withStatus(mirror, status), false, mirror, events(mirror, status));
    }

    private S observedStatus(R mirror, O observation, String syncedMessage, List<Condition> conditions) {
        S status = kind.observedStatus(observation);
        kind.carryOver(mirror, status, now);
        status.setConditions(conditions);
        return withConditions(mirror, status, "Polled", syncedMessage);
    }

    private static List<Condition> conditionsOf(CustomResource<?, ? extends MirrorStatus> mirror) {
        return mirror.getStatus() == null ? List.of() : mirror.getStatus().getConditions();
    }

    private S goneStatus(R mirror, String syncedMessage) {
        S status = ownedCopy(mirror);
        kind.markGone(status);
        status.setGoneSince(now.toString());
        return withConditions(mirror, status, "NotListed", syncedMessage);
    }

    private S withConditions(R mirror, S status, String syncedReason, String syncedMessage) {
        long generation = generation(mirror);
        status.setObservedGeneration(generation);
        status.setConditions(Conditions.set(
                status.getConditions(),
                ApiConstants.CONDITION_SYNCED,
                true,
                syncedReason,
                syncedMessage,
                generation,
                now));
        status.setConditions(Conditions.set(status.getConditions(), kind.ready(mirror, status), generation, now));
        return status;
    }

    private List<MirrorEvent> events(R current, S status) {
        // A new mirror is compared with an empty status: only events that need no "before" (SuspensionExpiring) fire.
        return kind.events(
                current == null || current.getStatus() == null ? kind.emptyStatus() : current.getStatus(), status);
    }

    private S ownedCopy(R mirror) {
        return mirror.getStatus() == null ? kind.emptyStatus() : kind.owned(mirror.getStatus());
    }

    private boolean sameOwnedStatus(S current, S desired) {
        if (current == null) {
            return false;
        }
        return kind.ownedJson(current).equals(kind.ownedJson(desired));
    }

    private static Instant goneSince(CustomResource<?, ? extends MirrorStatus> mirror) {
        String since = mirror.getStatus() == null ? null : mirror.getStatus().getGoneSince();
        try {
            return since == null ? null : Instant.parse(since);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static long generation(CustomResource<?, ?> mirror) {
        return Generations.of(mirror);
    }

    private static String name(CustomResource<?, ?> mirror) {
        return mirror.getMetadata().getName();
    }

    private static void count(Map<String, Integer> byPhase, MirrorStatus status) {
        byPhase.merge(status == null ? "Unknown" : status.phaseName(), 1, Integer::sum);
    }
}
