package io.computemirror.sandbox;

import static io.computemirror.sandbox.TestHttp.get;
import static io.computemirror.sandbox.TestHttp.json;
import static io.computemirror.sandbox.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The run-time admin endpoint of the simulators ({@code /_sandbox/faults}, {@code /_sandbox/state}): what a person
 * or a test injects while an operator runs, through real HTTP.
 */
class SandboxAdminTest {

    private static HttpResponse<String> admin(SimulatorServer<?> sim, String what, String body) {
        return post(sim.rootUrl() + "/_sandbox/" + what, null, body);
    }

    private static HttpResponse<String> list(CloreSimulator clore, String query) {
        return get(clore.baseUrl() + CloreSimulator.PATH + query, clore.token());
    }

    @Test
    void rateLimitWithRetryAfterInSecondsAndAsHttpDateSetAtRunTime() {
        try (CloreSimulator clore = new CloreSimulator().start()) {
            assertThat(admin(
                                    clore,
                                    "faults",
                                    "[{\"kind\":\"rate_limit\",\"retry_after_seconds\":20},"
                                            + "{\"kind\":\"rate_limit\",\"retry_after_seconds\":90,\"http_date\":true}]")
                            .statusCode())
                    .isEqualTo(201);
            HttpResponse<String> seconds = list(clore, "");
            assertThat(seconds.statusCode()).isEqualTo(429);
            assertThat(seconds.headers().firstValue("Retry-After")).hasValue("20");
            HttpResponse<String> date = list(clore, "");
            assertThat(date.statusCode()).isEqualTo(429);
            String value = date.headers().firstValue("Retry-After").orElseThrow();
            // IMF-fixdate: two-digit day and GMT, as RFC 9110 asks of senders.
            assertThat(value).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            assertThat(at)
                    .isBetween(Instant.now().plusSeconds(85), Instant.now().plusSeconds(91));
            assertThat(list(clore, "").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void faultsAreListedCountedAndClearedAndAdminRequestsAreNeitherFaultedNorLogged() {
        try (CloreSimulator clore = new CloreSimulator().start()) {
            admin(clore, "faults", "{\"kind\":\"server_error\",\"status\":503,\"count\":3}");
            admin(clore, "faults", "{\"kind\":\"short_page\",\"count\":2}");
            JsonNode pending =
                    json(get(clore.rootUrl() + "/_sandbox/faults", null)).get("pending");
            assertThat(pending).hasSize(2);
            assertThat(pending.get(0).get("kind").asText()).isEqualTo("server_error");
            assertThat(pending.get(0).get("status").asInt()).isEqualTo(503);
            assertThat(pending.get(0).get("remaining").asInt()).isEqualTo(3);
            assertThat(list(clore, "").statusCode()).isEqualTo(503);
            assertThat(clore.faults().pending()).isEqualTo(4);
            HttpResponse<String> cleared = TestHttp.send(
                    HttpRequest.newBuilder(URI.create(clore.rootUrl() + "/_sandbox/faults"))
                            .DELETE(),
                    null);
            assertThat(json(cleared).get("pending")).isEmpty();
            assertThat(list(clore, "?page_size=20").statusCode()).isEqualTo(200);
            assertThat(clore.requests().entries())
                    .extracting(RequestLog.Entry::path)
                    .containsOnly(CloreSimulator.PATH)
                    .hasSize(2);
        }
    }

    @Test
    void badFaultsAnswer400AndQueueNothing() {
        try (QuivaSimulator quiva = new QuivaSimulator().start()) {
            HttpResponse<String> unknownKind = admin(quiva, "faults", "{\"kind\":\"gremlins\"}");
            assertThat(unknownKind.statusCode()).isEqualTo(400);
            assertThat(json(unknownKind).get("error").asText())
                    .contains("gremlins")
                    .contains("rate_limit");
            HttpResponse<String> unknownField = admin(quiva, "faults", "{\"kind\":\"hang\",\"delay\":5}");
            assertThat(unknownField.statusCode()).isEqualTo(400);
            assertThat(json(unknownField).get("error").asText()).contains("'delay'");
            // One entry this simulator cannot apply: none of the array is queued.
            HttpResponse<String> unsupported =
                    admin(quiva, "faults", "[{\"kind\":\"short_page\"},{\"kind\":\"repeated_cursor\"}]");
            assertThat(unsupported.statusCode()).isEqualTo(400);
            assertThat(json(unsupported).get("error").asText())
                    .contains("Quiva")
                    .contains("REPEATED_CURSOR");
            assertThat(admin(quiva, "faults", "{\"kind\":\"delay\"}").statusCode())
                    .isEqualTo(400);
            assertThat(quiva.faults().pending()).isZero();
        }
    }

    @Test
    void perRequestDelayAndTruncatedPageAtRunTime() {
        try (CloreSimulator clore = new CloreSimulator().start()) {
            admin(clore, "faults", "[{\"kind\":\"delay\",\"delay_ms\":600},{\"kind\":\"cut_page\"}]");
            long start = System.nanoTime();
            HttpResponse<String> cut = list(clore, "?page_size=50");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(550);
            assertThat(cut.statusCode()).isEqualTo(200);
            assertThat(cut.body()).startsWith("{\"total\":200").doesNotEndWith("}");
            assertThat(json(list(clore, "?page_size=50")).get("machines")).hasSize(50);
        }
    }

    @Test
    void cloreStateChangesAtRunTime() {
        try (CloreSimulator clore = new CloreSimulator().withOffers(20).start()) {
            CloreSimulator.Offer first = clore.offers().get(0);
            JsonNode priced = json(admin(
                    clore,
                    "state",
                    "{\"action\":\"set_price\",\"machine_id\":\"" + first.machineId() + "\",\"amount\":\"7.5\"}"));
            assertThat(priced.get("offers").asInt()).isEqualTo(20);
            CloreSimulator.Price usd = clore.offers().get(0).prices().stream()
                    .filter(p -> p.currency().equals("USD"))
                    .findFirst()
                    .orElseThrow();
            assertThat(usd.amount()).isEqualTo("7.5");
            assertThat(first.prices()).extracting(CloreSimulator.Price::id).doesNotContain(usd.id());
            JsonNode added = json(admin(clore, "state", "{\"action\":\"add\",\"count\":2}"));
            assertThat(added.get("added")).hasSize(2);
            assertThat(admin(clore, "state", "{\"action\":\"remove\",\"machine_id\":\"" + first.machineId() + "\"}")
                            .statusCode())
                    .isEqualTo(200);
            JsonNode listed = json(list(clore, "?page_size=100"));
            assertThat(listed.get("total").asInt()).isEqualTo(21);
            assertThat(listed.toString())
                    .doesNotContain(first.machineId())
                    .contains(added.get("added").get(1).asText());
            assertThat(admin(clore, "state", "{\"action\":\"remove\",\"machine_id\":\"" + first.machineId() + "\"}")
                            .statusCode())
                    .isEqualTo(404);
            HttpResponse<String> unknown = admin(clore, "state", "{\"action\":\"explode\"}");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(json(unknown).get("error").asText()).contains("set_price");
        }
    }

    @Test
    void quivaAndAkuaStateChangesAtRunTime() {
        try (QuivaSimulator quiva = new QuivaSimulator().start();
                AkuaSimulator akua = new AkuaSimulator().start()) {
            admin(
                    quiva,
                    "state",
                    "{\"action\":\"set_status\",\"machine_id\":\"" + QuivaSimulator.DOC_MACHINE_ID
                            + "\",\"status\":\"stopped\"}");
            assertThat(quiva.machines().get(0).status()).isEqualTo("stopped");
            assertThat(admin(
                                    quiva,
                                    "state",
                                    "{\"action\":\"set_status\",\"machine_id\":\"nope\"," + "\"status\":\"stopped\"}")
                            .statusCode())
                    .isEqualTo(400);
            String id = akua.machineIds().stream()
                    .filter(m -> akua.machine(m).orElseThrow().state().equals("ACTIVE"))
                    .findFirst()
                    .orElseThrow();
            JsonNode changed = json(admin(
                    akua, "state", "{\"action\":\"set_state\",\"machine_id\":\"" + id + "\",\"state\":\"SUSPENDED\"}"));
            assertThat(changed.get("state").asText()).isEqualTo("SUSPENDED");
            assertThat(json(get(akua.baseUrl() + "/machines/" + id, akua.token()))
                            .get("state")
                            .asText())
                    .isEqualTo("SUSPENDED");
        }
    }

    @Test
    void akuaOperationsFailAndCancelWhenToldAtRunTime() {
        try (AkuaSimulator akua = new AkuaSimulator()
                .withOperationDuration(Duration.ofMillis(200))
                .start()) {
            admin(
                    akua,
                    "faults",
                    "[{\"kind\":\"operation_failed\",\"message\":\"quota exceeded\"},"
                            + "{\"kind\":\"operation_cancelled\"}]");
            for (String expected : new String[] {"FAILED", "CANCELLED", "SUCCEEDED"}) {
                String id = akua.machineIds().stream()
                        .filter(m -> akua.machine(m).orElseThrow().state().equals("ACTIVE"))
                        .findFirst()
                        .orElseThrow();
                String etag = akua.machine(id).orElseThrow().etag();
                JsonNode op = json(post(
                        akua.baseUrl() + "/machines/" + id + ":suspend",
                        akua.token(),
                        "{}",
                        "if-match",
                        etag,
                        "idempotency-key",
                        "k-" + expected));
                JsonNode done = json(post(
                        akua.baseUrl() + "/operations/" + op.get("id").asText() + ":wait?timeout=10",
                        akua.token(),
                        null));
                assertThat(done.get("state").asText()).isEqualTo(expected);
                if (expected.equals("FAILED")) {
                    assertThat(done.at("/error/message").asText()).isEqualTo("quota exceeded");
                }
            }
        }
    }
}
