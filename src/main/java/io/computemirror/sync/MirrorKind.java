package io.computemirror.sync;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.MirrorStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * What the sync needs to know about one kind of mirror (Machine from machine observations, GpuOffer from offer
 * observations). Implementations are pure: they build objects and never call the API server. Conditions, Gone
 * handling and generations are the same for all kinds and live in {@link SyncPlan}.
 *
 * @param <R> the mirror resource
 * @param <S> its status
 * @param <O> the provider observation it mirrors
 */
interface MirrorKind<R extends CustomResource<?, S>, S extends MirrorStatus, O> {

    Class<R> type();

    String externalId(O observation);

    /** {@code spec.externalId} of a mirror. */
    String externalId(R mirror);

    /** {@code spec.providerRef.name} of a mirror. */
    String providerName(R mirror);

    /** Kind-specific labels for the observation (GpuOffer: GPU model, count, country, availability). */
    Map<String, String> labels(O observation);

    /** A resource of this kind with only the spec identity set. */
    R newResource(String providerName, String externalId);

    /** The provider's facts as a status, without conditions, generation or Gone marks. */
    S observedStatus(O observation);

    /**
     * Carries what the status keeps across polls (GpuOffer: price history) from {@code mirror}'s current status
     * (null for a new mirror) into the freshly observed {@code status}.
     */
    default void carryOver(R mirror, S status, java.time.Instant now) {}

    /** An empty status, for a mirror that has none yet (a Machine written by hand). */
    S emptyStatus();

    /** A deep copy of {@code status} holding only the fields the sync owns (Machine: without status.operation). */
    S owned(S status);

    /**
     * The fields of {@code status} the sync owns, as JSON: what a poll compares to decide whether to write. Every
     * poll compares every mirror, so a kind whose whole status is owned overrides this to skip the copy.
     */
    default JsonNode ownedJson(S status) {
        return Serialization.jsonMapper().valueToTree(owned(status));
    }

    /** Sets the phase to Gone. */
    void markGone(S status);

    /** The Ready condition (type, status, reason, message) for the mirror with the given status. */
    Condition ready(R mirror, S status);

    /** Events worth emitting for the change from {@code before} (never null) to {@code after}. */
    List<MirrorEvent> events(S before, S after);

    /**
     * A Kubernetes Event about one mirror.
     *
     * @param summaryReason null for an Event that always goes on its mirror; otherwise the reason of the one Event on
     *     the ComputeProvider that stands for all of them when a poll has more than {@value PollEvents#OWN_EVENTS} of
     *     this reason (a market-wide change)
     * @param prices the price changes a PriceChanged Event reports (empty otherwise), for the summary
     */
    record MirrorEvent(String type, String reason, String message, String summaryReason, List<PriceMove> prices) {

        static MirrorEvent normal(String reason, String message) {
            return new MirrorEvent("Normal", reason, message, null, List.of());
        }

        static MirrorEvent warning(String reason, String message) {
            return new MirrorEvent("Warning", reason, message, null, List.of());
        }

        /** An Event that a market-wide change folds into the summary {@code summaryReason}. */
        static MirrorEvent summarised(String type, String reason, String message, String summaryReason) {
            return new MirrorEvent(type, reason, message, summaryReason, List.of());
        }

        /** The Event with its summary left out: it goes on its mirror whatever the poll holds. */
        MirrorEvent own() {
            return new MirrorEvent(type, reason, message, null, prices);
        }
    }
}
