package io.computemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Conditions;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferPhase;
import io.computemirror.api.v1alpha1.GpuOfferStatus;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineSpec;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.provider.GpuInfo;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.OfferObservation;
import io.computemirror.provider.Price;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** The diff rules, without an API server: the writes the plan asks for are exactly what changed. */
class SyncPlanTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(10);
    private static final String SYNCED = "status is what the sandbox listed";

    private final ComputeProvider cp = provider();
    private final OfferMirrors kind = new OfferMirrors();

    @Test
    void newOffersAreCreatedWithIdentityThenStatus() {
        var result = plan(T0).afterPoll(
                        List.of(offer("1", "0.25"), offer("2", "0.30")), List.of(), SYNCED, GRACE, Set.of(), true);
        assertThat(result.writes()).hasSize(2).allSatisfy(w -> {
            assertThat(w.identity()).isNotNull();
            assertThat(w.identity().getMetadata().getLabels())
                    .containsEntry(ApiConstants.LABEL_PROVIDER, "clore")
                    .containsEntry(ApiConstants.LABEL_GPU_MODEL, "nvidia-geforce-3090")
                    .containsEntry(ApiConstants.LABEL_AVAILABLE, "true");
            assertThat(w.identity().getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(o -> assertThat(o.getUid()).isEqualTo("cp-uid"));
            assertThat(w.status().getStatus().getPhase()).isEqualTo(GpuOfferPhase.Available);
            assertThat(Conditions.isTrue(w.status().getStatus().getConditions(), "Synced"))
                    .isTrue();
            assertThat(Conditions.isTrue(w.status().getStatus().getConditions(), "Ready"))
                    .isTrue();
        });
        assertThat(result.byPhase()).containsEntry("Available", 2);
    }

    @Test
    void anUnchangedPollWritesNothingAndAPriceChangeWritesOnlyTheStatus() {
        List<GpuOffer> existing = written(plan(T0).afterPoll(
                        List.of(offer("1", "0.25"), offer("2", "0.30")), List.of(), SYNCED, GRACE, Set.of(), true));
        Instant later = T0.plusSeconds(60);
        assertThat(plan(later)
                        .afterPoll(
                                List.of(offer("1", "0.25"), offer("2", "0.30")),
                                existing,
                                SYNCED,
                                GRACE,
                                Set.of(),
                                true)
                        .writes())
                .isEmpty();

        var changed = plan(later)
                .afterPoll(List.of(offer("1", "0.25"), offer("2", "0.35")), existing, SYNCED, GRACE, Set.of(), true);
        assertThat(changed.writes()).singleElement().satisfies(w -> {
            assertThat(w.identity()).isNull();
            assertThat(w.status().getStatus().getPrices().get(0).getAmount()).isEqualTo("0.35");
            assertThat(w.events()).extracting(MirrorKind.MirrorEvent::reason).containsExactly("PriceChanged");
            assertThat(w.events().get(0).message()).contains("0.30 → 0.35 USD");
            // The condition did not change status, so its transition time stays.
            assertThat(Conditions.find(w.status().getStatus().getConditions(), "Ready")
                            .orElseThrow()
                            .getLastTransitionTime())
                    .isEqualTo(T0.toString());
        });
    }

    @Test
    void vanishedOffersTurnGoneAndAreDeletedAfterTheGracePeriod() {
        List<GpuOffer> existing = written(plan(T0).afterPoll(
                        List.of(offer("1", "0.25"), offer("2", "0.30")), List.of(), SYNCED, GRACE, Set.of(), true));
        var gone = plan(T0.plusSeconds(60))
                .afterPoll(List.of(offer("1", "0.25")), existing, SYNCED, GRACE, Set.of(), true);
        assertThat(gone.writes()).singleElement().satisfies(w -> {
            assertThat(w.status().getStatus().getPhase()).isEqualTo(GpuOfferPhase.Gone);
            assertThat(w.status().getStatus().getGoneSince())
                    .isEqualTo(T0.plusSeconds(60).toString());
            assertThat(Conditions.find(w.status().getStatus().getConditions(), "Ready")
                            .orElseThrow()
                            .getReason())
                    .isEqualTo("Gone");
        });
        List<GpuOffer> afterGone = merge(existing, gone);
        assertThat(plan(T0.plusSeconds(120))
                        .afterPoll(List.of(offer("1", "0.25")), afterGone, SYNCED, GRACE, Set.of(), true)
                        .writes())
                .isEmpty();
        assertThat(plan(T0.plusSeconds(60).plus(GRACE))
                        .afterPoll(List.of(offer("1", "0.25")), afterGone, SYNCED, GRACE, Set.of(), true)
                        .writes())
                .singleElement()
                .satisfies(w -> assertThat(w.delete()).isTrue());
    }

    @Test
    void anIncompleteListingUpdatesWhatItSawAndMarksNothingGone() {
        List<GpuOffer> existing = written(plan(T0).afterPoll(
                        List.of(offer("1", "0.25"), offer("2", "0.30"), offer("3", "0.40")),
                        List.of(),
                        SYNCED,
                        GRACE,
                        Set.of(),
                        true));
        var incomplete = plan(T0.plusSeconds(60))
                .afterPoll(List.of(offer("1", "0.26")), existing, SYNCED, GRACE, Set.of(), false);
        assertThat(incomplete.writes()).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo(existing.get(0).getMetadata().getName());
            assertThat(w.status().getStatus().getPhase()).isNotEqualTo(GpuOfferPhase.Gone);
        });
        assertThat(incomplete.total()).isEqualTo(3);
        // A Gone mirror past its grace period is not deleted on an incomplete listing either.
        List<GpuOffer> afterGone = merge(
                existing,
                plan(T0.plusSeconds(60))
                        .afterPoll(List.of(offer("1", "0.25")), existing, SYNCED, GRACE, Set.of(), true));
        assertThat(plan(T0.plusSeconds(60).plus(GRACE))
                        .afterPoll(List.of(offer("1", "0.25")), afterGone, SYNCED, GRACE, Set.of(), false)
                        .writes())
                .isEmpty();
    }

    @Test
    void aGoneMirrorWrittenByHandIsNeverDeleted() {
        List<GpuOffer> existing =
                written(plan(T0).afterPoll(List.of(offer("1", "0.25")), List.of(), SYNCED, GRACE, Set.of(), true));
        existing.get(0)
                .getMetadata()
                .setManagedFields(List.of(new ManagedFieldsEntryBuilder()
                        .withManager("argocd-controller")
                        .withOperation("Apply")
                        .withFieldsV1(fields("f:spec", Map.of("f:externalId", Map.of())))
                        .build()));
        List<GpuOffer> afterGone =
                merge(existing, plan(T0).afterPoll(List.of(), existing, SYNCED, GRACE, Set.of(), true));
        assertThat(afterGone.get(0).getStatus().getPhase()).isEqualTo(GpuOfferPhase.Gone);
        assertThat(plan(T0.plus(GRACE).plusSeconds(60))
                        .afterPoll(List.of(), afterGone, SYNCED, GRACE, Set.of(), true)
                        .writes())
                .isEmpty();
    }

    @Test
    void theGuardHoldsAMassVanishUntilTheNextPollConfirms() {
        List<OfferObservation> all =
                IntStream.range(0, 30).mapToObj(i -> offer("o" + i, "0.10")).toList();
        List<GpuOffer> existing = written(plan(T0).afterPoll(all, List.of(), SYNCED, GRACE, Set.of(), true));
        List<OfferObservation> few = all.subList(0, 5);
        var held = plan(T0.plusSeconds(60)).afterPoll(few, existing, SYNCED, GRACE, Set.of(), true);
        assertThat(held.writes()).isEmpty();
        assertThat(held.heldIds()).hasSize(25);
        assertThat(held.total()).isEqualTo(30);

        var confirmed = plan(T0.plusSeconds(120)).afterPoll(few, existing, SYNCED, GRACE, held.heldIds(), true);
        assertThat(confirmed.heldIds()).isEmpty();
        assertThat(confirmed.writes())
                .hasSize(25)
                .allSatisfy(w -> assertThat(w.status().getStatus().getPhase()).isEqualTo(GpuOfferPhase.Gone));

        // Ten or fewer vanishing at once are never held, even when they are all there is.
        List<GpuOffer> small = existing.subList(0, 10);
        assertThat(plan(T0.plusSeconds(60))
                        .afterPoll(List.of(), small, SYNCED, GRACE, Set.of(), true)
                        .writes())
                .hasSize(10);
    }

    @Test
    void aFailedPollOnlyTurnsSyncedFalseOnceAndKeepsTheData() {
        List<GpuOffer> existing =
                written(plan(T0).afterPoll(List.of(offer("1", "0.25")), List.of(), SYNCED, GRACE, Set.of(), true));
        var failed = plan(T0.plusSeconds(60)).afterFailure(existing, "ProviderUnavailable", "the last poll failed");
        assertThat(failed.writes()).singleElement().satisfies(w -> {
            assertThat(w.delete()).isFalse();
            assertThat(w.status().getStatus().getPrices()).isNotEmpty();
            assertThat(w.status().getStatus().getPhase()).isEqualTo(GpuOfferPhase.Available);
            assertThat(Conditions.find(w.status().getStatus().getConditions(), "Synced")
                            .orElseThrow()
                            .getReason())
                    .isEqualTo("ProviderUnavailable");
        });
        assertThat(plan(T0.plusSeconds(120))
                        .afterFailure(merge(existing, failed), "ProviderUnavailable", "the last poll failed")
                        .writes())
                .isEmpty();
    }

    @Test
    void aMirrorWrittenByHandUnderAnotherNameIsAdoptedNotDuplicated() {
        GpuOffer byHand = kind.newResource("clore", "1");
        byHand.setMetadata(new ObjectMetaBuilder()
                .withName("my-offer")
                .withNamespace("ns")
                .withGeneration(1L)
                .build());
        var result = plan(T0).afterPoll(List.of(offer("1", "0.25")), List.of(byHand), SYNCED, GRACE, Set.of(), true);
        assertThat(result.writes()).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("my-offer");
            assertThat(w.identity().getMetadata().getName()).isEqualTo("my-offer");
        });
    }

    // --- helpers ---

    @Test
    void aFirstSyncHandsItsWritesOverInBatchesThatAreWrittenBeforeTheNextIsPlanned() {
        int offers = 2 * SyncPlan.WRITE_BATCH + 17;
        List<OfferObservation> listed = IntStream.range(0, offers)
                .mapToObj(i -> offer(Integer.toString(i), "0.25"))
                .toList();
        List<Integer> batchSizes = new ArrayList<>();
        List<String> planned = new ArrayList<>();
        SyncPlan.Summary summary = plan(T0).afterPoll(listed, List.of(), SYNCED, GRACE, Set.of(), true, batch -> {
            batchSizes.add(batch.size());
            batch.forEach(w -> planned.add(w.name()));
        });
        assertThat(batchSizes).containsExactly(SyncPlan.WRITE_BATCH, SyncPlan.WRITE_BATCH, 17);
        assertThat(planned).doesNotHaveDuplicates().hasSize(offers);
        assertThat(summary.byPhase()).containsEntry("Available", offers);
        assertThat(summary.total()).isEqualTo(offers);

        // The same plan at once: the same writes, in the same order.
        var all = plan(T0).afterPoll(listed, List.of(), SYNCED, GRACE, Set.of(), true);
        assertThat(all.writes().stream().map(SyncPlan.Write::name).toList()).isEqualTo(planned);
        assertThat(all.summary()).isEqualTo(summary);
    }

    @Test
    void vanishedMirrorsComeInTheLastBatchAfterTheListedOnes() {
        List<GpuOffer> existing = written(plan(T0).afterPoll(
                        List.of(offer("1", "0.25"), offer("2", "0.25"), offer("3", "0.25")),
                        List.of(),
                        SYNCED,
                        GRACE,
                        Set.of(),
                        true));
        List<List<String>> batches = new ArrayList<>();
        plan(T0.plusSeconds(60))
                .afterPoll(
                        List.of(offer("1", "0.30"), offer("2", "0.25")),
                        existing,
                        SYNCED,
                        GRACE,
                        Set.of(),
                        true,
                        batch -> batches.add(batch.stream()
                                .map(w ->
                                        w.name() + ":" + w.status().getStatus().getPhase())
                                .toList()));
        assertThat(batches).containsExactly(List.of("clore-1:Available", "clore-3:Gone"));
    }

    @Test
    void aRefreshWritesTheConditionsItIsGivenWithSyncedAndReadyOnTopAndNoFieldOfAnotherWriter() {
        Machine machine = mirroredMachine();
        List<Condition> withReconciling = Conditions.set(
                machine.getStatus().getConditions(),
                new Condition("Reconciling", Condition.Status.True, "Suspending", "operation op-1 is running"),
                2,
                T0);

        SyncPlan.Write<Machine> write = machinePlan().refresh(machine, null, null, withReconciling);

        MachineStatus written = write.status().getStatus();
        assertThat(written.getConditions())
                .extracting(Condition::getType)
                .containsExactly("Synced", "Ready", "Reconciling");
        assertThat(Conditions.find(written.getConditions(), "Ready").orElseThrow())
                .satisfies(ready -> {
                    assertThat(ready.getStatus()).isEqualTo(Condition.Status.False);
                    assertThat(ready.getReason()).isEqualTo("Suspending");
                    assertThat(ready.getObservedGeneration()).isEqualTo(2L);
                });
        assertThat(written.getObservedGeneration()).isEqualTo(2L);
        assertThat(written.getPhase()).isEqualTo(MachinePhase.Running);
        // The actuation's and the schedule's fields have their own field managers: the sync never sends them.
        assertThat(written.getOperation()).isNull();
        assertThat(written.getDesiredSuspended()).isNull();
    }

    @Test
    void writingOnlyConditionsKeepsEverythingElseOfTheSyncAsItIsAndWritesNothingWhenTheyAreTheSame() {
        Machine machine = mirroredMachine();
        List<Condition> withStalled = Conditions.set(
                machine.getStatus().getConditions(),
                new Condition("Stalled", Condition.Status.True, "OperationFailed", "suspend failed"),
                2,
                T0);

        MachineStatus written =
                machinePlan().withOnlyConditions(machine, withStalled).status().getStatus();

        assertThat(written.getConditions()).isEqualTo(withStalled);
        assertThat(written.getObservedGeneration()).isEqualTo(1L);
        assertThat(written.getPhase()).isEqualTo(MachinePhase.Running);
        assertThat(written.getProviderType()).isEqualTo(ProviderType.Akua);
        assertThat(written.getOperation()).isNull();
        assertThat(machinePlan().withOnlyConditions(machine, machine.getStatus().getConditions()))
                .isNull();
    }

    private SyncPlan<Machine, MachineStatus, MachineObservation> machinePlan() {
        return new SyncPlan<>(new MachineMirrors(ProviderType.Akua), MirrorOwner.of(cp), T0);
    }

    /** A running Akua machine the sync wrote at generation 1, now at generation 2 with an operation under way. */
    private static Machine mirroredMachine() {
        Machine machine = new Machine();
        machine.setMetadata(new ObjectMetaBuilder()
                .withName("akua-m1")
                .withNamespace("ns")
                .withGeneration(2L)
                .build());
        machine.setSpec(new MachineSpec("clore", "m1"));
        machine.getSpec().setSuspended(true);
        MachineStatus status = new MachineStatus();
        status.setPhase(MachinePhase.Running);
        status.setProviderType(ProviderType.Akua);
        status.setObservedGeneration(1L);
        status.setConditions(Conditions.set(
                Conditions.set(List.of(), "Synced", true, "Polled", SYNCED, 1, T0),
                "Ready",
                true,
                "Running",
                "machine is Running",
                1,
                T0));
        MachineStatus.MachineOperation operation = new MachineStatus.MachineOperation();
        operation.setId("op-1");
        operation.setAction(MachineStatus.MachineOperation.Action.Suspend);
        operation.setGeneration(2L);
        status.setOperation(operation);
        status.setDesiredSuspended(true);
        status.setDesiredSuspendedBy("Spec");
        machine.setStatus(status);
        return machine;
    }

    private SyncPlan<GpuOffer, GpuOfferStatus, OfferObservation> plan(Instant now) {
        return new SyncPlan<>(kind, MirrorOwner.of(cp), now);
    }

    /** The mirrors as the API server would hold them after the writes. */
    private List<GpuOffer> written(SyncPlan.Result<GpuOffer> result) {
        return merge(List.of(), result);
    }

    private static List<GpuOffer> merge(List<GpuOffer> existing, SyncPlan.Result<GpuOffer> result) {
        List<GpuOffer> out = new ArrayList<>(existing.stream()
                .map(io.fabric8.kubernetes.client.utils.Serialization::clone)
                .toList());
        for (SyncPlan.Write<GpuOffer> w : result.writes()) {
            out.removeIf(o -> o.getMetadata().getName().equals(w.name()));
            if (w.delete()) {
                continue;
            }
            GpuOffer o = w.previous() != null
                    ? io.fabric8.kubernetes.client.utils.Serialization.clone(w.previous())
                    : io.fabric8.kubernetes.client.utils.Serialization.clone(w.identity());
            if (w.identity() != null) {
                o.getMetadata().setLabels(w.identity().getMetadata().getLabels());
                o.getMetadata().setOwnerReferences(w.identity().getMetadata().getOwnerReferences());
                o.getMetadata().setAnnotations(w.identity().getMetadata().getAnnotations());
            }
            o.getMetadata().setGeneration(1L);
            if (w.status() != null) {
                o.setStatus(w.status().getStatus());
            }
            out.add(o);
        }
        return out;
    }

    private static FieldsV1 fields(String key, Object value) {
        FieldsV1 fields = new FieldsV1();
        fields.setAdditionalProperty(key, value);
        return fields;
    }

    private static OfferObservation offer(String id, String usd) {
        return new OfferObservation(
                id,
                true,
                "available",
                List.of(new GpuInfo(
                        "g0", "Nvidia GeForce 3090", new BigDecimal("24"), 10496, 328, new BigDecimal("35.6"))),
                "AMD Ryzen",
                "x86_64",
                8,
                16,
                3400,
                4500,
                new BigDecimal("32"),
                null,
                new BigDecimal("500"),
                "nvme",
                "Samsung",
                new BigDecimal("1000"),
                "DE",
                "Berlin",
                "12.2",
                List.of(new Price("p-" + usd, new BigDecimal(usd), "USD")),
                null,
                null,
                null,
                null);
    }

    private static ComputeProvider provider() {
        ComputeProvider cp = new ComputeProvider();
        cp.setMetadata(new ObjectMetaBuilder()
                .withName("clore")
                .withNamespace("ns")
                .withUid("cp-uid")
                .build());
        return cp;
    }
}
