package io.computemirror.market.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferQuerySpec;
import io.computemirror.api.v1alpha1.GpuOfferQueryStatus;
import io.fabric8.kubernetes.client.utils.Serialization;

class QueryStatusesTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    private static Ranking.Answer answer(GpuOffer... offers) {
        return Ranking.answer(new GpuOfferQuerySpec(), List.of(offers).stream());
    }

    private static GpuOffer priced(String name, String perGpuHour) {
        return RankingTest.offer(name, "p", "m", 1, 24, "USA", "12", true, perGpuHour, perGpuHour, null);
    }

    @Test
    void firstAnswerIsReadyAndAnnouncesTheCheapest() {
        QueryStatuses.Next next = QueryStatuses.next(null, answer(priced("a", "0.5")), 1, T0);
        GpuOfferQueryStatus s = next.status();
        assertThat(s.getMatchedOffers()).isEqualTo(1);
        assertThat(s.getCheapest().getName()).isEqualTo("a");
        assertThat(s.getObservedGeneration()).isEqualTo(1);
        assertThat(s.getLastChangeTime()).isEqualTo("2026-12-02T12:00:00Z");
        assertThat(s.getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo(Condition.Status.True);
            assertThat(c.getReason()).isEqualTo("Matched");
            assertThat(c.getObservedGeneration()).isEqualTo(1);
        });
        assertThat(next.cheapestChanged()).isEqualTo("cheapest none → a (0.5 USD/GPU-hour)");
    }

    @Test
    void anUnchangedAnswerGivesAnEqualStatusAndNoEvent() {
        GpuOfferQueryStatus first =
                QueryStatuses.next(null, answer(priced("a", "0.5")), 1, T0).status();
        GpuOfferQueryStatus stored = Serialization.clone(first);
        QueryStatuses.Next again = QueryStatuses.next(stored, answer(priced("a", "0.5")), 1, T0.plusSeconds(600));
        assertThat(QueryStatuses.same(stored, again.status())).isTrue();
        assertThat(again.cheapestChanged()).isNull();
    }

    @Test
    void aCheaperOfferOrANewPriceMovesCheapestAndLastChangeTime() {
        GpuOfferQueryStatus first =
                QueryStatuses.next(null, answer(priced("a", "0.5")), 1, T0).status();
        QueryStatuses.Next cheaper =
                QueryStatuses.next(first, answer(priced("a", "0.5"), priced("b", "0.4")), 1, T0.plusSeconds(60));
        assertThat(cheaper.status().getCheapest().getName()).isEqualTo("b");
        assertThat(cheaper.status().getLastChangeTime()).isEqualTo("2026-12-02T12:01:00Z");
        assertThat(cheaper.cheapestChanged()).isEqualTo("cheapest a (0.5 USD/GPU-hour) → b (0.4 USD/GPU-hour)");
        QueryStatuses.Next repriced = QueryStatuses.next(
                cheaper.status(), answer(priced("a", "0.5"), priced("b", "0.45")), 1, T0.plusSeconds(120));
        assertThat(repriced.cheapestChanged()).isEqualTo("cheapest b (0.4 USD/GPU-hour) → b (0.45 USD/GPU-hour)");
        // A change further down the list is a new status but not a new cheapest.
        QueryStatuses.Next below = QueryStatuses.next(
                repriced.status(), answer(priced("a", "0.6"), priced("b", "0.45")), 1, T0.plusSeconds(180));
        assertThat(below.cheapestChanged()).isNull();
        assertThat(below.status().getLastChangeTime()).isEqualTo("2026-12-02T12:02:00Z");
        assertThat(QueryStatuses.same(repriced.status(), below.status())).isFalse();
    }

    @Test
    void aQueryMatchingNothingIsReadyWithAReasonSayingSo() {
        GpuOfferQueryStatus first =
                QueryStatuses.next(null, answer(priced("a", "0.5")), 1, T0).status();
        QueryStatuses.Next none = QueryStatuses.next(first, answer(), 2, T0.plusSeconds(60));
        assertThat(none.status().getMatchedOffers()).isZero();
        assertThat(none.status().getCheapest()).isNull();
        assertThat(none.status().getTop()).isNull();
        assertThat(none.status().getObservedGeneration()).isEqualTo(2);
        assertThat(none.status().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(Condition.Status.True);
            assertThat(c.getReason()).isEqualTo("NoMatch");
            assertThat(c.getMessage()).isEqualTo("no offer matches the query");
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-12-02T12:00:00Z");
        });
        assertThat(none.cheapestChanged()).isEqualTo("cheapest a (0.5 USD/GPU-hour) → none");
    }

    @Test
    void anInvalidQueryIsStalledWithoutAnAnswerAndRecoversWhenFixed() {
        GpuOfferQueryStatus answered =
                QueryStatuses.next(null, answer(priced("a", "0.5")), 1, T0).status();
        QueryStatuses.Next invalid = QueryStatuses.invalid(answered, "spec.gpuModels: bad", 2, T0.plusSeconds(60));
        GpuOfferQueryStatus s = invalid.status();
        assertThat(s.getObservedGeneration()).isEqualTo(2);
        assertThat(s.getMatchedOffers()).isNull();
        assertThat(s.getCheapest()).isNull();
        assertThat(invalid.cheapestChanged()).isNull();
        assertThat(s.getConditions())
                .extracting(Condition::getType, Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "Ready", Condition.Status.False, "InvalidQuery", "spec.gpuModels: bad"),
                        org.assertj.core.groups.Tuple.tuple(
                                "Stalled", Condition.Status.True, "InvalidQuery", "spec.gpuModels: bad"));

        GpuOfferQueryStatus fixed = QueryStatuses.next(s, answer(priced("a", "0.5")), 3, T0.plusSeconds(120))
                .status();
        assertThat(fixed.getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo(Condition.Status.True);
            assertThat(c.getObservedGeneration()).isEqualTo(3);
        });
    }
}
