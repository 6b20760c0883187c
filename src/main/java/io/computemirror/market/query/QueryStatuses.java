package io.computemirror.market.query;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.GpuOfferQueryStatus;
import io.computemirror.api.v1alpha1.GpuOfferQueryStatus.OfferSummary;
import io.computemirror.api.v1alpha1.Progress;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * A query's status from its answer (pure). {@code lastChangeTime} and the Ready condition's transition time move
 * only when what they describe changes, so an unchanged answer gives an equal status and nothing is written. Ready is
 * True once the query is evaluated for its current generation, also when nothing matches (reason NoMatch), so
 * kstatus reports it Current. A query no offer could ever match ({@link QuerySpecs}) is Ready=False and Stalled with
 * reason {@value #INVALID}, which kstatus reports as Failed, until its spec is fixed.
 */
final class QueryStatuses {

    /** The new status, and the CheapestChanged message when the cheapest offer or its price changed (else null). */
    record Next(GpuOfferQueryStatus status, String cheapestChanged) {}

    static final String INVALID = "InvalidQuery";

    private QueryStatuses() {}

    /** The status of a query that cannot be answered: no answer, Ready=False and Stalled saying why. */
    static Next invalid(GpuOfferQueryStatus previous, String problem, long generation, Instant now) {
        GpuOfferQueryStatus status = new GpuOfferQueryStatus();
        status.setObservedGeneration(generation);
        status.setConditions(Progress.STALLED.conditions(
                previous == null ? List.of() : previous.getConditions(),
                new Condition(ApiConstants.CONDITION_READY, Condition.Status.False, INVALID, problem),
                generation,
                now));
        return new Next(status, null);
    }

    static Next next(GpuOfferQueryStatus previous, Ranking.Answer answer, long generation, Instant now) {
        GpuOfferQueryStatus status = new GpuOfferQueryStatus();
        status.setMatchedOffers(answer.matched());
        status.setCheapest(answer.cheapest());
        status.setTop(answer.top().isEmpty() ? null : answer.top());
        status.setObservedGeneration(generation);
        OfferSummary before = previous == null ? null : previous.getCheapest();
        boolean changed = !sameCheapest(before, answer.cheapest());
        status.setLastChangeTime(
                changed || previous == null
                        ? now.truncatedTo(ChronoUnit.SECONDS).toString()
                        : previous.getLastChangeTime());
        String reason = answer.matched() == 0 ? "NoMatch" : "Matched";
        status.setConditions(Progress.SETTLED.conditions(
                previous == null ? List.of() : previous.getConditions(),
                new Condition(ApiConstants.CONDITION_READY, Condition.Status.True, reason, message(answer)),
                generation,
                now));
        String event = changed && (before != null || answer.cheapest() != null)
                ? "cheapest " + describe(before) + " → " + describe(answer.cheapest())
                : null;
        return new Next(status, event);
    }

    /** Equal as the API server would store them (so a no-op is recognised). */
    static boolean same(GpuOfferQueryStatus a, GpuOfferQueryStatus b) {
        return a != null
                && b != null
                && Serialization.jsonMapper()
                        .valueToTree(a)
                        .equals(Serialization.jsonMapper().valueToTree(b));
    }

    private static boolean sameCheapest(OfferSummary a, OfferSummary b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.getName(), b.getName())
                && Objects.equals(a.getPricePerGpuHour(), b.getPricePerGpuHour())
                && Objects.equals(a.getPricePerHour(), b.getPricePerHour())
                && Objects.equals(a.getCurrency(), b.getCurrency());
    }

    private static String message(Ranking.Answer answer) {
        if (answer.matched() == 0) {
            return "no offer matches the query";
        }
        String text = answer.matched() + (answer.matched() == 1 ? " offer matches" : " offers match");
        if (answer.currency() == null) {
            text += "; none has a normalised price (see status.normalizedPriceProblem of the offers)";
        } else {
            text += ", ranked by their " + answer.currency() + " normalised price";
        }
        if (answer.otherCurrency() > 0) {
            text += "; " + answer.otherCurrency() + " normalised to another currency rank last: give their "
                    + "ComputeProviders the same spec.clore.pricing.currency or narrow spec.providerRefs";
        }
        return text;
    }

    private static String describe(OfferSummary offer) {
        if (offer == null) {
            return "none";
        }
        String price = offer.getPricePerGpuHour() != null
                ? offer.getPricePerGpuHour() + " " + offer.getCurrency() + "/GPU-hour"
                : offer.getPricePerHour() != null
                        ? offer.getPricePerHour() + " " + offer.getCurrency() + "/hour"
                        : "no normalised price";
        return offer.getName() + " (" + price + ")";
    }
}
