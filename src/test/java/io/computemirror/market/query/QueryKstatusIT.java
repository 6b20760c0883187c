package io.computemirror.market.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferQuery;
import io.computemirror.api.v1alpha1.GpuOfferQuerySpec;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.testing.ApiServerProfile;
import io.computemirror.testing.ClusterFixtures;
import io.computemirror.testing.Kstatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * What the real kstatus library (Flux's health checks) says about GpuOfferQueries the operator reconciled on a real
 * API server: a query no offer could ever match is Failed with the reason, a valid one Current, and fixing the invalid
 * one makes it Current for its new generation.
 */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class QueryKstatusIT {

    @Inject
    KubernetesClient client;

    @Test
    void anInvalidQueryIsFailedAValidOneCurrentAndAFixedOneCurrentAgain() {
        ClusterFixtures fixtures = new ClusterFixtures(client);
        try (CloreSimulator clore =
                new CloreSimulator().withSeed(5).withOffers(10).start()) {
            String ns = fixtures.namespace("query-kstatus");
            fixtures.provider(
                    ns, "clore", ProviderType.Clore, clore.baseUrl(), CloreSimulator.DEFAULT_TOKEN, "10m", null);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(fixtures.list(GpuOffer.class, ns))
                    .hasSize(10)
                    .allSatisfy(o -> assertThat(o.getStatus()).isNotNull()));

            GpuOfferQuery valid = query(ns, "any-offer", spec -> spec.setAvailableOnly(false));
            // A model as written on the box, not as the label has it: the CRD admits it, no offer can ever match it.
            GpuOfferQuery invalid = query(ns, "rtx-by-name", spec -> spec.setGpuModels(List.of("RTX 4090")));

            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
                GpuOfferQuery live = fixtures.get(GpuOfferQuery.class, ns, "any-offer");
                assertThat(live.getStatus().getObservedGeneration()).isEqualTo(1);
                assertThat(live.getStatus().getMatchedOffers()).isEqualTo(10);
                assertThat(Kstatus.of(client, valid).status()).isEqualTo("Current");
            });
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
                GpuOfferQuery live = fixtures.get(GpuOfferQuery.class, ns, "rtx-by-name");
                assertThat(live.getStatus().getObservedGeneration()).isEqualTo(1);
                assertThat(live.getStatus().getMatchedOffers()).isNull();
                Condition ready = ClusterFixtures.condition(live.getStatus().getConditions(), "Ready");
                assertThat(ready.getStatus()).isEqualTo(Condition.Status.False);
                assertThat(ready.getReason()).isEqualTo("InvalidQuery");
                Kstatus.Verdict verdict = Kstatus.of(client, invalid);
                assertThat(verdict.status()).isEqualTo("Failed");
                assertThat(verdict.message()).contains("spec.gpuModels").contains("RTX 4090");
            });

            client.resources(GpuOfferQuery.class)
                    .inNamespace(ns)
                    .withName("rtx-by-name")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"gpuModels\":null}}");
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
                GpuOfferQuery live = fixtures.get(GpuOfferQuery.class, ns, "rtx-by-name");
                assertThat(live.getStatus().getObservedGeneration()).isEqualTo(2);
                assertThat(live.getStatus().getConditions())
                        .extracting(Condition::getType)
                        .doesNotContain("Stalled", "Reconciling");
                assertThat(Kstatus.of(client, invalid).status()).isEqualTo("Current");
            });
        }
    }

    private GpuOfferQuery query(String ns, String name, java.util.function.Consumer<GpuOfferQuerySpec> fill) {
        GpuOfferQuery query = new GpuOfferQuery();
        query.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        GpuOfferQuerySpec spec = new GpuOfferQuerySpec();
        fill.accept(spec);
        query.setSpec(spec);
        return client.resource(query).create();
    }
}
