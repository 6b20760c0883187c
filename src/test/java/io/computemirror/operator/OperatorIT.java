package io.computemirror.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Conditions;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.api.v1alpha1.SecretKeyRef;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.testing.ApiServerProfile;
import io.computemirror.testing.Kstatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** The Quarkus application runs the operator against a real API server and reports on ComputeProviders. */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class OperatorIT {

    private static final String NS = "default";
    private static final String TOKEN = "clore-sandbox-token-7c1e";
    private static CloreSimulator clore;

    @Inject
    KubernetesClient client;

    @Inject
    Operator operator;

    @BeforeAll
    static void startSandbox() {
        clore = new CloreSimulator().withToken(TOKEN).withOffers(25).start();
    }

    @AfterAll
    static void stopSandbox() {
        clore.close();
    }

    @Test
    void operatorRunsTheComputeProviderControllerAgainstTheRealApiServer() {
        assertThat(client.getKubernetesVersion().getGitVersion()).startsWith("v1.34");
        assertThat(operator.getRegisteredControllers())
                .anySatisfy(c -> assertThat(c.getConfiguration().getName()).isEqualTo("computeprovider"));
    }

    @Test
    void missingSecretMakesTheProviderNotReadyNamingTheSecret() {
        create(provider("no-secret", "does-not-exist", clore.baseUrl()));
        Condition ready = awaitReady("no-secret", "CredentialsSecretNotFound");
        assertThat(ready.getStatus()).isEqualTo(Condition.Status.False);
        assertThat(ready.getMessage()).contains("Secret default/does-not-exist").contains("key 'token'");
        // A person must act: Stalled=True, which kstatus (Flux's health checks) reads as Failed, with the reason.
        Condition stalled = Conditions.find(get("no-secret").getStatus().getConditions(), "Stalled")
                .orElseThrow();
        assertThat(stalled.getStatus()).isEqualTo(Condition.Status.True);
        assertThat(stalled.getReason()).isEqualTo("CredentialsSecretNotFound");
        Kstatus.Verdict verdict = Kstatus.of(client, get("no-secret"));
        assertThat(verdict.status()).isEqualTo("Failed");
        assertThat(verdict.message()).contains("Secret default/does-not-exist");
    }

    @Test
    void workingCredentialsAndEndpointMakeTheProviderReady() {
        secret("clore-good", TOKEN);
        create(provider("clore-good", "clore-good", clore.baseUrl()));
        Condition ready = awaitReady("clore-good", "Polled");
        assertThat(ready.getStatus()).isEqualTo(Condition.Status.True);
        assertThat(ready.getMessage()).contains("listed 25 objects");
        ComputeProvider cp = get("clore-good");
        assertThat(cp.getStatus().getLastPollTime()).isNotBlank();
        assertThat(cp.getStatus().getLastSuccessTime()).isEqualTo(cp.getStatus().getLastPollTime());
        assertThat(cp.getStatus().getConsecutiveFailures()).isZero();
        assertThat(cp.getStatus().getObservedGeneration())
                .isEqualTo(cp.getMetadata().getGeneration());
        assertThat(Conditions.find(cp.getStatus().getConditions(), "Stalled")).isEmpty();
        assertThat(Kstatus.of(client, cp).status()).isEqualTo("Current");
    }

    @Test
    void refusedCredentialsNameTheSecretAndNeverShowTheToken() {
        String wrongToken = "wrong-token-SENTINEL-91f3";
        secret("clore-bad", wrongToken);
        create(provider("clore-bad", "clore-bad", clore.baseUrl()));
        Condition ready = awaitReady("clore-bad", "CredentialsRefused");
        assertThat(ready.getMessage()).contains("Secret default/clore-bad key 'token'");
        ComputeProvider cp = get("clore-bad");
        assertThat(cp.getStatus().getConsecutiveFailures()).isPositive();
        assertThat(Serialization.asJson(cp.getStatus())).doesNotContain("SENTINEL");
        assertThat(Conditions.find(cp.getStatus().getConditions(), "Stalled")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo(Condition.Status.True);
            assertThat(c.getReason()).isEqualTo("CredentialsRefused");
        });
        Kstatus.Verdict refused = Kstatus.of(client, cp);
        assertThat(refused.status()).isEqualTo("Failed");
        assertThat(refused.message()).contains("Secret default/clore-bad").doesNotContain("SENTINEL");

        // The refused credential is not sent again while the Secret stays the same (no retry storm)...
        String refusedPoll = cp.getStatus().getLastPollTime();
        await().during(Duration.ofSeconds(17))
                .atMost(Duration.ofSeconds(20))
                .until(() -> refusedPoll.equals(get("clore-bad").getStatus().getLastPollTime()));
        // ...and a fixed Secret is used within seconds, long before the next poll (60 s) is due.
        client.secrets().inNamespace(NS).withName("clore-bad").edit(s -> new SecretBuilder(s)
                .withData(null)
                .withStringData(Map.of("token", TOKEN))
                .build());
        assertThat(awaitReady("clore-bad", "Polled").getStatus()).isEqualTo(Condition.Status.True);
        assertThat(Conditions.find(get("clore-bad").getStatus().getConditions(), "Stalled"))
                .isEmpty();
        assertThat(Kstatus.of(client, get("clore-bad")).status()).isEqualTo("Current");
    }

    private Condition awaitReady(String name, String reason) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Conditions.find(
                        get(name).getStatus() == null
                                ? null
                                : get(name).getStatus().getConditions(),
                        "Ready"))
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo(reason)));
        return Conditions.find(get(name).getStatus().getConditions(), "Ready").orElseThrow();
    }

    private ComputeProvider get(String name) {
        return client.resources(ComputeProvider.class)
                .inNamespace(NS)
                .withName(name)
                .get();
    }

    private void create(ComputeProvider cp) {
        client.resource(cp).inNamespace(NS).create();
    }

    private void secret(String name, String token) {
        client.secrets()
                .inNamespace(NS)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withStringData(Map.of("token", token))
                        .build())
                .create();
    }

    private static ComputeProvider provider(String name, String secretName, String endpoint) {
        ComputeProvider cp = new ComputeProvider();
        cp.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        ComputeProviderSpec spec = new ComputeProviderSpec();
        spec.setType(ProviderType.Clore);
        spec.setEndpoint(endpoint);
        spec.setCredentialsSecretRef(new SecretKeyRef(secretName, "token"));
        cp.setSpec(spec);
        return cp;
    }
}
