package io.computemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderStatus;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.FieldManagers;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferPhase;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineSpec;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.AkuaSimulator;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.sandbox.QuivaSimulator;
import io.computemirror.testing.ApiServerProfile;
import io.computemirror.testing.ClusterFixtures;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The provider sync end to end: the operator (Quarkus app) against a real API server and the sandbox providers.
 * Each test works in its own namespace; polls are every 10 s (the smallest interval the API allows).
 */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class SyncIT {

    private static final Duration POLL = Duration.ofSeconds(10);
    /** One poll interval plus its jitter and room for the writes. */
    private static final Duration ONE_POLL = Duration.ofSeconds(25);

    private static QuivaSimulator quiva;
    private static AkuaSimulator akua;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void startSandbox() {
        quiva = new QuivaSimulator().withMachines(6).start();
        akua = new AkuaSimulator().withMachines(5).start();
    }

    @AfterAll
    static void stopSandbox() {
        quiva.close();
        akua.close();
    }

    @Test
    void firstSyncMirrorsEveryQuivaMachineWithCaseCollidingIdsApart() {
        String ns = namespace("first-quiva");
        provider(ns, "quiva", ProviderType.Quiva, quiva.baseUrl(), QuivaSimulator.DEFAULT_TOKEN, "10m");

        List<Machine> machines = awaitMachines(ns, quiva.machines().size());
        Map<String, Machine> byId =
                machines.stream().collect(Collectors.toMap(m -> m.getSpec().getExternalId(), m -> m));
        assertThat(byId).containsKeys(QuivaSimulator.DOC_MACHINE_ID, QuivaSimulator.CASE_TWIN_MACHINE_ID);
        assertThat(byId.get(QuivaSimulator.DOC_MACHINE_ID).getMetadata().getName())
                .isNotEqualTo(byId.get(QuivaSimulator.CASE_TWIN_MACHINE_ID)
                        .getMetadata()
                        .getName())
                .startsWith("quiva-qvzj6dgqps6bsay0qdzltc-");
        ComputeProvider cp = get(ComputeProvider.class, ns, "quiva");
        for (Machine m : machines) {
            assertMirrorMetadata(m, cp);
            // Created and labelled under the sync's own field manager: the operator may delete it once it is Gone.
            assertThat(m.getMetadata().getManagedFields())
                    .extracting(f -> f.getManager())
                    .containsOnly(FieldManagers.SYNC);
            assertThat(MirrorIdentity.identityWrittenByOthers(m)).isFalse();
            QuivaSimulator.MachineView view = quiva.machines().stream()
                    .filter(v -> v.id().equals(m.getSpec().getExternalId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(m.getStatus().getProviderState()).isEqualTo(view.status());
            assertThat(m.getStatus().getProviderType()).isEqualTo(ProviderType.Quiva);
            assertThat(m.getStatus().getObservedGeneration())
                    .isEqualTo(m.getMetadata().getGeneration());
            assertThat(condition(m.getStatus().getConditions(), "Synced").getStatus())
                    .isEqualTo(Condition.Status.True);
            assertThat(condition(m.getStatus().getConditions(), "Ready").getStatus())
                    .isEqualTo(view.status().equals("running") ? Condition.Status.True : Condition.Status.False);
        }
        assertThat(cp.getStatus().getObjects().getTotal()).isEqualTo(machines.size());
        assertThat(cp.getStatus().getObjects().getByPhase().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(machines.size());
    }

    @Test
    void firstSyncMirrorsAkuaMachinesAndAdoptsOneWrittenByHand() {
        String ns = namespace("first-akua");
        String adoptedId = akua.machineIds().get(0);
        Machine byHand = new Machine();
        byHand.setMetadata(new ObjectMetaBuilder()
                .withName("my-own-name")
                .withNamespace(ns)
                .build());
        byHand.setSpec(new MachineSpec("akua", adoptedId));
        client.resource(byHand).create();

        provider(ns, "akua", ProviderType.Akua, akua.baseUrl(), AkuaSimulator.DEFAULT_TOKEN, "10m");
        List<Machine> machines = awaitMachines(ns, akua.machineIds().size());
        assertThat(machines)
                .extracting(m -> m.getSpec().getExternalId())
                .containsExactlyInAnyOrderElementsOf(akua.machineIds());
        Machine adopted = get(Machine.class, ns, "my-own-name");
        assertThat(adopted.getStatus().getProviderType()).isEqualTo(ProviderType.Akua);
        assertThat(adopted.getStatus().getProviderState())
                .isEqualTo(akua.machine(adoptedId).orElseThrow().state());
        assertMirrorMetadata(adopted, get(ComputeProvider.class, ns, "akua"));
        for (Machine m : machines) {
            assertThat(m.getStatus().getProviderId()).isNotBlank();
            assertThat(m.getStatus().getClusterId())
                    .isEqualTo(akua.machine(m.getSpec().getExternalId())
                            .orElseThrow()
                            .clusterId());
            assertThat(m.getMetadata().getLabels())
                    .containsEntry(
                            ApiConstants.LABEL_CLUSTER,
                            OfferMirrors.labelValue(m.getStatus().getClusterId()));
        }
        // The cluster label is what a MachineSchedule selector (or kubectl -l) picks machines by.
        String cluster = OfferMirrors.labelValue(machines.get(0).getStatus().getClusterId());
        assertThat(client.resources(Machine.class)
                        .inNamespace(ns)
                        .withLabel(ApiConstants.LABEL_CLUSTER, cluster)
                        .list()
                        .getItems())
                .extracting(m -> m.getStatus().getClusterId())
                .isNotEmpty()
                .allSatisfy(id -> assertThat(OfferMirrors.labelValue(id)).isEqualTo(cluster));
    }

    @Test
    void offersAreMirroredAndAProviderChangeReachesStatusWithinOnePollWhileUnchangedPollsWriteNothing() {
        try (CloreSimulator clore = new CloreSimulator().withOffers(30).start()) {
            String ns = namespace("clore-change");
            provider(ns, "clore", ProviderType.Clore, clore.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10m");
            List<GpuOffer> offers = awaitOffers(ns, 30);
            ComputeProvider cp = get(ComputeProvider.class, ns, "clore");
            for (GpuOffer offer : offers) {
                assertMirrorMetadata(offer, cp);
                CloreSimulator.Offer listed = clore.offers().stream()
                        .filter(o -> o.machineId().equals(offer.getSpec().getExternalId()))
                        .findFirst()
                        .orElseThrow();
                assertThat(offer.getStatus().getPrices())
                        .extracting(p -> p.getAmount())
                        .containsExactlyElementsOf(listed.prices().stream()
                                .map(CloreSimulator.Price::amount)
                                .toList());
                assertThat(offer.getStatus().getGpuCount())
                        .isEqualTo(listed.gpus().size());
                assertThat(offer.getMetadata().getLabels())
                        .containsEntry(
                                ApiConstants.LABEL_GPU_COUNT,
                                Integer.toString(listed.gpus().size()))
                        .containsEntry(
                                ApiConstants.LABEL_AVAILABLE,
                                Boolean.toString(offer.getStatus().getAvailable()))
                        .containsKey(ApiConstants.LABEL_GPU_MODEL);
            }

            // Unchanged polls write nothing: every resourceVersion stays while lastPollTime moves on.
            Map<String, String> versions = versions(offers);
            String pollTime = cp.getStatus().getLastPollTime();
            await().atMost(ONE_POLL.multipliedBy(2)).until(() -> secondPollAfter(ns, "clore", pollTime));
            assertThat(versions(list(GpuOffer.class, ns))).isEqualTo(versions);

            int repriced = clore.changePrices(0.1);
            assertThat(repriced).isPositive();
            Map<String, List<String>> expected = clore.offers().stream()
                    .collect(Collectors.toMap(CloreSimulator.Offer::machineId, o -> o.prices().stream()
                            .map(CloreSimulator.Price::amount)
                            .toList()));
            await().atMost(ONE_POLL).untilAsserted(() -> assertThat(list(GpuOffer.class, ns))
                    .allSatisfy(o -> assertThat(o.getStatus().getPrices())
                            .extracting(p -> p.getAmount())
                            .containsExactlyElementsOf(expected.get(o.getSpec().getExternalId()))));
            long rewritten = list(GpuOffer.class, ns).stream()
                    .filter(o -> !o.getMetadata()
                            .getResourceVersion()
                            .equals(versions.get(o.getMetadata().getName())))
                    .count();
            assertThat(rewritten).isEqualTo(repriced);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> events(ns, "PriceChanged").size() == repriced);

            // A changed availability moves the label automation selects on (a merge patch of the labels only).
            GpuOffer flipped = list(GpuOffer.class, ns).get(0);
            boolean nowAvailable = !flipped.getStatus().getAvailable();
            clore.setStatus(flipped.getSpec().getExternalId(), nowAvailable ? "available" : "unavailable");
            await().atMost(ONE_POLL).untilAsserted(() -> {
                GpuOffer o = get(GpuOffer.class, ns, flipped.getMetadata().getName());
                assertThat(o.getStatus().getAvailable()).isEqualTo(nowAvailable);
                assertThat(o.getMetadata().getLabels())
                        .containsEntry(ApiConstants.LABEL_AVAILABLE, Boolean.toString(nowAvailable))
                        .containsKey(ApiConstants.LABEL_GPU_MODEL);
                assertThat(o.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> assertThat(r.getUid())
                        .isEqualTo(cp.getMetadata().getUid()));
            });
            assertThat(list(GpuOffer.class, ns).stream()
                            .filter(o ->
                                    "true".equals(o.getMetadata().getLabels().get(ApiConstants.LABEL_AVAILABLE)))
                            .count())
                    .isEqualTo(clore.offers().stream()
                            .filter(o -> o.status().equals("available"))
                            .count());
        }
    }

    @Test
    void aVanishedOfferTurnsGoneAndIsDeletedAfterTheGracePeriod() {
        try (CloreSimulator clore = new CloreSimulator().withOffers(12).start()) {
            String ns = namespace("clore-vanish");
            provider(ns, "clore", ProviderType.Clore, clore.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "15s");
            awaitOffers(ns, 12);
            assertThat(clore.removeOffers(2)).isEqualTo(2);
            await().atMost(ONE_POLL)
                    .until(() -> list(GpuOffer.class, ns).stream()
                                    .filter(o -> o.getStatus().getPhase() == GpuOfferPhase.Gone)
                                    .count()
                            == 2);
            GpuOffer gone = list(GpuOffer.class, ns).stream()
                    .filter(o -> o.getStatus().getPhase() == GpuOfferPhase.Gone)
                    .findFirst()
                    .orElseThrow();
            assertThat(condition(gone.getStatus().getConditions(), "Ready").getReason())
                    .isEqualTo("Gone");
            assertThat(gone.getStatus().getGoneSince()).isNotBlank();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get(ComputeProvider.class, ns, "clore")
                            .getStatus()
                            .getObjects()
                            .getByPhase())
                    .containsEntry("Gone", 2));
            await().atMost(ONE_POLL.multipliedBy(2))
                    .until(() -> list(GpuOffer.class, ns).size() == 10);
            assertThat(list(GpuOffer.class, ns)).noneMatch(o -> o.getStatus().getPhase() == GpuOfferPhase.Gone);
        }
    }

    @Test
    void failingPollsDeleteNothingTurnSyncedFalseAndRecover() {
        try (CloreSimulator clore = new CloreSimulator().withOffers(15).start()) {
            String ns = namespace("clore-fail");
            provider(ns, "clore", ProviderType.Clore, clore.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10s");
            List<GpuOffer> before = awaitOffers(ns, 15);
            clore.faults().serverErrors(100_000);
            // The ComputeProvider says so at once; the mirrors keep Synced=True until their data is older than
            // staleAfter (three poll intervals by default), then turn Synced=False.
            await().atMost(ONE_POLL).until(() -> "ProviderUnavailable"
                    .equals(condition(
                                    get(ComputeProvider.class, ns, "clore")
                                            .getStatus()
                                            .getConditions(),
                                    "Ready")
                            .getReason()));
            String lastSuccess =
                    get(ComputeProvider.class, ns, "clore").getStatus().getLastSuccessTime();
            assertThat(list(GpuOffer.class, ns)).allSatisfy(o -> assertThat(
                            condition(o.getStatus().getConditions(), "Synced").getStatus())
                    .isEqualTo(Condition.Status.True));
            await().atMost(ONE_POLL.multipliedBy(3)).untilAsserted(() -> assertThat(list(GpuOffer.class, ns))
                    .allSatisfy(o -> assertThat(condition(o.getStatus().getConditions(), "Synced")
                                    .getStatus())
                            .isEqualTo(Condition.Status.False)));
            assertThat(list(GpuOffer.class, ns)).allSatisfy(o -> assertThat(Duration.between(
                            java.time.Instant.parse(lastSuccess),
                            java.time.Instant.parse(condition(o.getStatus().getConditions(), "Synced")
                                    .getLastTransitionTime())))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(30)));
            // Several failed polls, longer than the grace period: nothing is marked Gone or deleted, the data stays.
            await().atMost(ONE_POLL.multipliedBy(3))
                    .until(() ->
                            get(ComputeProvider.class, ns, "clore").getStatus().getConsecutiveFailures() >= 3);
            List<GpuOffer> during = list(GpuOffer.class, ns);
            assertThat(during).hasSize(15).allSatisfy(o -> {
                assertThat(o.getStatus().getPhase()).isNotEqualTo(GpuOfferPhase.Gone);
                assertThat(o.getStatus().getPrices()).isNotEmpty();
                assertThat(condition(o.getStatus().getConditions(), "Synced").getReason())
                        .isEqualTo("Stale");
            });
            assertThat(condition(
                                    get(ComputeProvider.class, ns, "clore")
                                            .getStatus()
                                            .getConditions(),
                                    "Ready")
                            .getReason())
                    .isEqualTo("ProviderUnavailable");

            clore.faults().clear();
            await().atMost(ONE_POLL).untilAsserted(() -> assertThat(list(GpuOffer.class, ns))
                    .hasSize(15)
                    .allSatisfy(o -> assertThat(condition(o.getStatus().getConditions(), "Synced")
                                    .getStatus())
                            .isEqualTo(Condition.Status.True)));
            assertThat(list(GpuOffer.class, ns))
                    .extracting(o -> o.getMetadata().getUid())
                    .containsExactlyInAnyOrderElementsOf(
                            before.stream().map(o -> o.getMetadata().getUid()).toList());
        }
    }

    @Test
    void theMassVanishGuardHoldsUntilTheNextPollConfirms() {
        try (CloreSimulator clore = new CloreSimulator().withOffers(30).start()) {
            String ns = namespace("clore-guard");
            provider(ns, "clore", ProviderType.Clore, clore.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10m");
            awaitOffers(ns, 30);
            clore.removeOffers(20);
            await().atMost(ONE_POLL).untilAsserted(() -> {
                ComputeProvider cp = get(ComputeProvider.class, ns, "clore");
                assertThat(cp.getStatus().getObjects().getHeldGone()).isEqualTo(20);
                assertThat(condition(cp.getStatus().getConditions(), "Ready").getReason())
                        .isEqualTo("MassVanishHeld");
            });
            assertThat(list(GpuOffer.class, ns)).noneMatch(o -> o.getStatus().getPhase() == GpuOfferPhase.Gone);
            assertThat(events(ns, "MassVanishHeld")).isNotEmpty();

            await().atMost(ONE_POLL)
                    .until(() -> list(GpuOffer.class, ns).stream()
                                    .filter(o -> o.getStatus().getPhase() == GpuOfferPhase.Gone)
                                    .count()
                            == 20);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get(ComputeProvider.class, ns, "clore")
                            .getStatus()
                            .getObjects()
                            .getHeldGone())
                    .isNull());
        }
    }

    @Test
    void twoAccountsOfOneTypeInTwoNamespacesStayApart() {
        try (CloreSimulator first =
                        new CloreSimulator().withSeed(11).withOffers(7).start();
                CloreSimulator second =
                        new CloreSimulator().withSeed(22).withOffers(9).start()) {
            String a = namespace("apart-a");
            String b = namespace("apart-b");
            provider(a, "clore", ProviderType.Clore, first.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10m");
            provider(b, "clore", ProviderType.Clore, second.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10m");
            assertThat(awaitOffers(a, 7))
                    .extracting(o -> o.getSpec().getExternalId())
                    .containsExactlyInAnyOrderElementsOf(first.offers().stream()
                            .map(CloreSimulator.Offer::machineId)
                            .toList());
            assertThat(awaitOffers(b, 9))
                    .extracting(o -> o.getSpec().getExternalId())
                    .containsExactlyInAnyOrderElementsOf(second.offers().stream()
                            .map(CloreSimulator.Offer::machineId)
                            .toList());
            assertThat(list(GpuOffer.class, a)).allSatisfy(o -> assertThat(
                            o.getMetadata().getOwnerReferences().get(0).getUid())
                    .isEqualTo(
                            get(ComputeProvider.class, a, "clore").getMetadata().getUid()));
        }
    }

    @Test
    void aPausedAccountIsNeitherPolledNorWritten() {
        try (CloreSimulator clore = new CloreSimulator().withOffers(5).start()) {
            String ns = namespace("clore-paused");
            provider(ns, "clore", ProviderType.Clore, clore.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10m");
            Map<String, String> versions = versions(awaitOffers(ns, 5));
            client.resources(ComputeProvider.class)
                    .inNamespace(ns)
                    .withName("clore")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":true}}");
            await().atMost(Duration.ofSeconds(10)).until(() -> "Paused"
                    .equals(condition(
                                    get(ComputeProvider.class, ns, "clore")
                                            .getStatus()
                                            .getConditions(),
                                    "Ready")
                            .getReason()));
            int requests = clore.requests().size();
            clore.changePrices(1.0);
            await().during(ONE_POLL)
                    .atMost(ONE_POLL.plusSeconds(5))
                    .until(() -> clore.requests().size() == requests);
            assertThat(versions(list(GpuOffer.class, ns))).isEqualTo(versions);
        }
    }

    @Test
    void metricsShowPollsMirrorsAndWrites() throws Exception {
        try (CloreSimulator clore = new CloreSimulator().withOffers(4).start()) {
            String ns = namespace("metrics");
            provider(ns, "clore", ProviderType.Clore, clore.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10m");
            awaitOffers(ns, 4);
            int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getValue("quarkus.http.test-port", Integer.class);
            String metrics = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create("http://localhost:" + port + "/q/metrics"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .containsPattern(
                            "computemirror_polls_total\\{[^}]*computeprovider=\"clore\"[^}]*namespace=\"metrics\""
                                    + "[^}]*result=\"success\"")
                    .contains("computemirror_poll_duration_seconds_count")
                    .containsPattern("computemirror_mirrors\\{computeprovider=\"clore\",kind=\"GpuOffer\","
                            + "namespace=\"metrics\",phase=\"(Available|Unavailable)\"")
                    .containsPattern("computemirror_api_writes_total\\{kind=\"GpuOffer\",operation=\"apply_status\","
                            + "result=\"success\"");
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private void assertMirrorMetadata(HasMetadata mirror, ComputeProvider cp) {
        assertThat(mirror.getMetadata().getLabels())
                .containsEntry(ApiConstants.LABEL_MANAGED_BY, ApiConstants.MANAGED_BY_VALUE)
                .containsEntry(ApiConstants.LABEL_PROVIDER, cp.getMetadata().getName());
        assertThat(mirror.getMetadata().getAnnotations()).containsKey(ApiConstants.ANNOTATION_EXTERNAL_ID);
        assertThat(mirror.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getUid()).isEqualTo(cp.getMetadata().getUid());
            assertThat(o.getKind()).isEqualTo("ComputeProvider");
        });
    }

    private boolean secondPollAfter(String ns, String name, String pollTime) {
        ComputeProvider cp = get(ComputeProvider.class, ns, name);
        return cp.getStatus().getLastPollTime().compareTo(pollTime) > 0
                && cp.getStatus().getConsecutiveFailures() == 0;
    }

    private List<Machine> awaitMachines(String ns, int count) {
        await().atMost(ONE_POLL).untilAsserted(() -> assertThat(list(Machine.class, ns))
                .hasSize(count)
                .allSatisfy(m -> assertThat(m.getStatus()).isNotNull().satisfies(s -> assertThat(s.getPhase())
                        .isNotNull())));
        awaitCounted(ns, count);
        return list(Machine.class, ns);
    }

    private List<GpuOffer> awaitOffers(String ns, int count) {
        await().atMost(ONE_POLL).untilAsserted(() -> assertThat(list(GpuOffer.class, ns))
                .hasSize(count)
                .allSatisfy(o -> assertThat(o.getStatus()).isNotNull().satisfies(s -> assertThat(s.getPhase())
                        .isNotNull())));
        awaitCounted(ns, count);
        return list(GpuOffer.class, ns);
    }

    /** Waits until the namespace's ComputeProviders report the mirrors (their status is written after the mirrors). */
    private void awaitCounted(String ns, int count) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(list(ComputeProvider.class, ns))
                .allSatisfy(cp -> assertThat(cp.getStatus())
                        .isNotNull()
                        .extracting(ComputeProviderStatus::getObjects)
                        .isNotNull()
                        .extracting(ComputeProviderStatus.ObjectCounts::getTotal)
                        .isEqualTo(count)));
    }

    private static Map<String, String> versions(List<? extends HasMetadata> objects) {
        return objects.stream().collect(Collectors.toMap(o -> o.getMetadata().getName(), o -> o.getMetadata()
                .getResourceVersion()));
    }

    private List<Event> events(String ns, String reason) {
        return fixtures().events(ns, reason);
    }

    private <T extends HasMetadata> List<T> list(Class<T> type, String ns) {
        return fixtures().list(type, ns);
    }

    private <T extends HasMetadata> T get(Class<T> type, String ns, String name) {
        return fixtures().get(type, ns, name);
    }

    private static Condition condition(List<Condition> conditions, String type) {
        return ClusterFixtures.condition(conditions, type);
    }

    private String namespace(String name) {
        return fixtures().namespace(name);
    }

    private void provider(String ns, String name, ProviderType type, String endpoint, String token, String grace) {
        fixtures().provider(ns, name, type, endpoint, token, POLL.toSeconds() + "s", grace);
    }

    private ClusterFixtures fixtures() {
        return new ClusterFixtures(client);
    }
}
