package io.computemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferPhase;
import io.computemirror.api.v1alpha1.GpuOfferStatus;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.OfferPrice;
import io.computemirror.sync.MirrorKind.MirrorEvent;
import io.computemirror.sync.SyncPlan.Write;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** A poll's market Events: each on its offer up to the threshold, one summary on the ComputeProvider beyond it. */
class PollEventsTest {

    private final OfferMirrors kind = new OfferMirrors();
    private final ComputeProvider cp = new ComputeProvider();
    private final List<Recorded> recorded = new ArrayList<>();
    private final PollEvents poll = new PollEvents();

    record Recorded(String object, String type, String reason, String message) {}

    PollEventsTest() {
        cp.setMetadata(new ObjectMetaBuilder()
                .withName("clore")
                .withNamespace("market")
                .build());
    }

    @Test
    void upToTenPriceChangesAPollEachGetTheirOwnEventOnTheOffer() {
        List<Write<GpuOffer>> kept = poll.take(IntStream.range(0, PollEvents.OWN_EVENTS)
                .mapToObj(i -> repriced(i, "0.30", "0.35"))
                .toList());
        assertThat(kept).allSatisfy(w -> assertThat(w.events()).isEmpty());
        assertThat(recorded).as("nothing before the poll's writes are done").isEmpty();

        record();
        assertThat(recorded).hasSize(PollEvents.OWN_EVENTS).allSatisfy(e -> {
            assertThat(e.object()).startsWith("clore-");
            assertThat(e.reason()).isEqualTo("PriceChanged");
            assertThat(e.message()).isEqualTo("price 0.30 → 0.35 USD");
        });
    }

    @Test
    void aMarketWideRepricingWritesOneSummaryOnTheComputeProviderWhateverItsSize() {
        List<Write<GpuOffer>> batch = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            batch.add(i % 4 == 0 ? repriced(i, "1.00", "1.10") : repriced(i, "1.00", "0.90"));
        }
        batch.set(7, repriced(7, "2.00", "0.50"));
        batch.set(8, repriced(8, "0.10", "0.30"));
        // Written in batches, as the plan hands them over.
        poll.take(batch.subList(0, 500));
        poll.take(batch.subList(500, 2000));
        record();

        assertThat(recorded).singleElement().satisfies(e -> {
            assertThat(e.object()).isEqualTo("clore");
            assertThat(e.type()).isEqualTo("Normal");
            assertThat(e.reason()).isEqualTo("PricesChanged");
            assertThat(e.message())
                    .startsWith("2000 GpuOffers changed price this poll (1500 cheaper, 500 dearer)")
                    .contains("biggest drop: clore-7 2.00 → 0.50 USD (-75%)")
                    .contains("biggest rise: clore-8 0.10 → 0.30 USD (+200%)")
                    .contains("instead of one on each GpuOffer above 10 a poll");
        });
    }

    @Test
    void eachReasonHasItsOwnThresholdAndOtherEventsStayInTheirWrite() {
        List<Write<GpuOffer>> batch = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            batch.add(repriced(i, "1.00", "1.50"));
        }
        for (int i = 20; i < 23; i++) {
            batch.add(phase(i, GpuOfferPhase.Available, GpuOfferPhase.Unavailable));
        }
        for (int i = 30; i < 42; i++) {
            batch.add(phase(i, GpuOfferPhase.Available, i < 40 ? GpuOfferPhase.Unavailable : GpuOfferPhase.Gone));
        }
        Write<Machine> machine = new Write<>(
                "quiva-1", null, null, false, new Machine(), List.of(MirrorEvent.normal("PhaseChanged", "phase x")));
        assertThat(poll.take(List.of(machine))).singleElement().isSameAs(machine);
        poll.take(batch);
        record();

        assertThat(recorded).filteredOn(e -> e.reason().equals("PricesChanged")).singleElement();
        assertThat(recorded).filteredOn(e -> e.reason().equals("PriceChanged")).isEmpty();
        assertThat(recorded)
                .filteredOn(e -> e.reason().equals("PhasesChanged"))
                .singleElement()
                .satisfies(e -> assertThat(e.message())
                        .startsWith("13 GpuOffers had a PhaseChanged Event this poll: 13× phase Available → "
                                + "Unavailable; e.g. clore-20, clore-21, clore-22"));
        assertThat(recorded)
                .filteredOn(e -> e.reason().equals("Gone"))
                .extracting(Recorded::object, Recorded::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("clore-40", "Warning"),
                        org.assertj.core.groups.Tuple.tuple("clore-41", "Warning"));
    }

    @Test
    void aRecordedPollStartsAfresh() {
        poll.take(IntStream.range(0, 11).mapToObj(i -> repriced(i, "1", "2")).toList());
        record();
        recorded.clear();
        poll.take(List.of(repriced(1, "2", "3")));
        record();
        assertThat(recorded).singleElement().extracting(Recorded::reason).isEqualTo("PriceChanged");
    }

    private void record() {
        poll.record(
                (object, type, reason, message) ->
                        recorded.add(new Recorded(object.getMetadata().getName(), type, reason, message)),
                cp,
                "GpuOffer");
    }

    private Write<GpuOffer> repriced(int i, String before, String after) {
        return write(i, status(GpuOfferPhase.Available, before), status(GpuOfferPhase.Available, after));
    }

    private Write<GpuOffer> phase(int i, GpuOfferPhase before, GpuOfferPhase after) {
        return write(i, status(before, "1.00"), status(after, "1.00"));
    }

    private Write<GpuOffer> write(int i, GpuOfferStatus before, GpuOfferStatus after) {
        GpuOffer previous = new GpuOffer();
        previous.setMetadata(new ObjectMetaBuilder()
                .withName("clore-" + i)
                .withNamespace("market")
                .withUid("uid-" + i)
                .build());
        previous.setStatus(before);
        GpuOffer status = new GpuOffer();
        status.setMetadata(previous.getMetadata());
        status.setStatus(after);
        return new Write<>(previous.getMetadata().getName(), null, status, false, previous, kind.events(before, after));
    }

    private static GpuOfferStatus status(GpuOfferPhase phase, String usd) {
        GpuOfferStatus s = new GpuOfferStatus();
        s.setPhase(phase);
        OfferPrice price = new OfferPrice();
        price.setId("p");
        price.setAmount(usd);
        price.setCurrency("USD");
        s.setPrices(List.of(price));
        return s;
    }
}
