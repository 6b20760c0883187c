package io.computemirror.sandbox;

import static io.computemirror.sandbox.TestHttp.fields;
import static io.computemirror.sandbox.TestHttp.get;
import static io.computemirror.sandbox.TestHttp.json;
import static io.computemirror.sandbox.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class QuivaSimulatorTest {

    private final TestHttp.MutableClock clock = new TestHttp.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private QuivaSimulator quiva;

    @BeforeEach
    void start() {
        quiva = new QuivaSimulator()
                .withSeed(3)
                .withMachines(20)
                .withClock(clock)
                .start();
    }

    @AfterEach
    void stop() {
        quiva.close();
    }

    private String url(String query) {
        return quiva.baseUrl() + "/compute/machines" + query;
    }

    @Test
    void listHasTheDocumentedShape() {
        HttpResponse<String> response = get(url(""), quiva.token());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(response).get("body");
        assertThat(body.get("results_total").asInt()).isEqualTo(20);
        JsonNode first = body.get("results").get(0);
        assertThat(fields(first))
                .containsExactlyInAnyOrder(
                        "hydra_machine_version",
                        "id",
                        "pid",
                        "status",
                        "runtime",
                        "runtime_version",
                        "memory",
                        "rootfs",
                        "created",
                        "annotations",
                        "owner",
                        "stats",
                        "type");
        assertThat(first.get("id").asText()).isEqualTo(QuivaSimulator.DOC_MACHINE_ID);
        assertThat(first.get("memory").asText()).matches("\\d+\\.00 MB");
        assertThat(first.get("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");
        assertThat(first.get("runtime_version").isTextual()).isTrue();
        assertThat(first.get("type").asText()).isEqualTo("Compute Function");
        JsonNode annotations = first.get("annotations");
        assertThat(fields(annotations))
                .containsExactlyInAnyOrder(
                        "account",
                        "bundle",
                        "cpu",
                        "hydra.node",
                        "machine",
                        "mem",
                        "namespace",
                        "runtime.version",
                        "service",
                        "service.auto",
                        "service.handler",
                        "service.version");
        assertThat(annotations.get("service.auto").asText()).isEqualTo("%strue");
        assertThat(annotations.get("machine").asText())
                .isEqualTo(first.get("id").asText());
        JsonNode stats = first.get("stats");
        assertThat(fields(stats)).containsExactlyInAnyOrder("CgroupStats", "IntelRdtStats", "Interfaces");
        assertThat(stats.get("IntelRdtStats").isNull()).isTrue();
        assertThat(stats.at("/CgroupStats/cpu_stats/cpu_usage/total_usage").isNumber())
                .isTrue();
        assertThat(stats.at("/Interfaces/0/RxBytes").isNumber()).isTrue();
    }

    @Test
    void twoIdsDifferOnlyInCase() {
        List<String> ids = new ArrayList<>();
        json(get(url(""), quiva.token()))
                .at("/body/results")
                .forEach(m -> ids.add(m.get("id").asText()));
        assertThat(ids)
                .contains(QuivaSimulator.DOC_MACHINE_ID, QuivaSimulator.CASE_TWIN_MACHINE_ID)
                .doesNotHaveDuplicates();
        assertThat(QuivaSimulator.DOC_MACHINE_ID)
                .isEqualToIgnoringCase(QuivaSimulator.CASE_TWIN_MACHINE_ID)
                .isNotEqualTo(QuivaSimulator.CASE_TWIN_MACHINE_ID);
        JsonNode one = json(get(url("?machine=" + QuivaSimulator.CASE_TWIN_MACHINE_ID), quiva.token()));
        assertThat(one.at("/body/results_total").asInt()).isEqualTo(1);
        assertThat(one.at("/body/results/0/id").asText()).isEqualTo(QuivaSimulator.CASE_TWIN_MACHINE_ID);
    }

    @Test
    void filtersNarrowTheListAndCountAfterFiltering() {
        quiva.setStatus(QuivaSimulator.DOC_MACHINE_ID, "paused");
        JsonNode paused = json(get(url("?status=paused"), quiva.token())).get("body");
        assertThat(paused.get("results"))
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.get("status").asText()).isEqualTo("paused"));
        assertThat(paused.get("results_total").asInt())
                .isEqualTo(paused.get("results").size());
        assertThat(json(get(url("?status=*"), quiva.token()))
                        .at("/body/results_total")
                        .asInt())
                .isEqualTo(20);
        QuivaSimulator.MachineView some = quiva.machines().get(5);
        JsonNode byNamespace = json(get(
                        url("?namespace=" + some.namespace() + "&runtime=" + some.runtime() + "&service="
                                + some.service()),
                        quiva.token()))
                .get("body");
        assertThat(byNamespace.get("results"))
                .extracting(m -> m.get("id").asText())
                .contains(some.id());
    }

    @Test
    void unknownStatusAnswers400WithErrorBody() {
        HttpResponse<String> response = get(url("?status=sleeping"), quiva.token());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(json(response))).containsExactly("error");
    }

    @Test
    void missingOrWrongTokenAnswers401() {
        for (String token : new String[] {null, "wrong"}) {
            HttpResponse<String> response = get(url(""), token);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response).get("error").isTextual()).isTrue();
        }
    }

    @Test
    void apiKeyExchangeAndRefresh() {
        quiva.withTokenLifetime(Duration.ofMinutes(5));
        HttpResponse<String> exchanged = post(
                quiva.baseUrl() + "/accounts/auth-with-api-key",
                null,
                "{\"api_key\":\"" + QuivaSimulator.DEFAULT_API_KEY + "\"}");
        assertThat(exchanged.statusCode()).isEqualTo(200);
        JsonNode data = json(exchanged).get("data");
        assertThat(fields(data))
                .containsExactlyInAnyOrder("auth_token", "refresh_token", "passkey_enabled", "totp_enabled");
        String authToken = data.get("auth_token").asText();
        String refreshToken = data.get("refresh_token").asText();
        assertThat(authToken).startsWith("eyJ").isNotEqualTo(quiva.token());
        assertThat(get(url(""), authToken).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(6));
        HttpResponse<String> expired = get(url(""), authToken);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(json(expired).get("error").asText()).contains("expired");

        String refreshBody = "{\"auth_token\":\"" + authToken + "\",\"refresh_token\":\"" + refreshToken + "\"}";
        HttpResponse<String> refreshed = post(quiva.baseUrl() + "/accounts/refresh-token", null, refreshBody);
        assertThat(refreshed.statusCode()).isEqualTo(200);
        String newToken = json(refreshed).at("/data/auth_token").asText();
        assertThat(newToken).isNotEqualTo(authToken);
        assertThat(get(url(""), newToken).statusCode()).isEqualTo(200);
        // Refresh tokens are single use.
        assertThat(post(quiva.baseUrl() + "/accounts/refresh-token", null, refreshBody)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void badApiKeyRequestsAreRejected() {
        assertThat(post(quiva.baseUrl() + "/accounts/auth-with-api-key", null, "{\"api_key\":\"ms-nope\"}")
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> missing = post(quiva.baseUrl() + "/accounts/auth-with-api-key", null, "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("error").asText()).contains("api_key");
        assertThat(post(quiva.baseUrl() + "/accounts/refresh-token", null, "{\"auth_token\":\"x\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void statusesWalkDeterministicallyFromTheSeed() {
        QuivaSimulator twin = new QuivaSimulator().withSeed(3).withMachines(20);
        assertThat(twin.machines()).isEqualTo(quiva.machines());
        int changed = 0;
        for (int i = 0; i < 5; i++) {
            changed += quiva.advance();
            twin.advance();
        }
        assertThat(changed).isPositive();
        assertThat(twin.machines()).isEqualTo(quiva.machines());
        assertThat(new QuivaSimulator().withSeed(4).withMachines(20).machines()).isNotEqualTo(quiva.machines());
    }

    @Test
    void listFaultsShortenOrEmptyTheList() {
        quiva.faults().emptyList(1).shortPage(1);
        JsonNode empty = json(get(url(""), quiva.token())).get("body");
        assertThat(empty.get("results")).isEmpty();
        assertThat(empty.get("results_total").asInt()).isZero();
        JsonNode shortList = json(get(url(""), quiva.token())).get("body");
        assertThat(shortList.get("results")).hasSize(10);
        assertThat(shortList.get("results_total").asInt()).isEqualTo(20);
        assertThat(json(get(url(""), quiva.token())).at("/body/results")).hasSize(20);
    }
}
