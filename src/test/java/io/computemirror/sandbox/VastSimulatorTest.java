package io.computemirror.sandbox;

import static io.computemirror.sandbox.TestHttp.get;
import static io.computemirror.sandbox.TestHttp.json;
import static io.computemirror.sandbox.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

class VastSimulatorTest {

    private final TestHttp.MutableClock clock = new TestHttp.MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private VastSimulator vast;

    @BeforeEach
    void start() {
        vast = new VastSimulator()
                .withClock(clock)
                .withSeed(3)
                .withOffers(150)
                .withInstances(60)
                .withHostDelay(Duration.ofSeconds(10))
                .start();
    }

    @AfterEach
    void stop() {
        vast.close();
    }

    private JsonNode search(String body) {
        HttpResponse<String> response = post(vast.baseUrl() + "/api/v0/bundles/", vast.token(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("offers");
    }

    private HttpResponse<String> put(long id, String body) {
        return TestHttp.send(
                HttpRequest.newBuilder(URI.create(vast.baseUrl() + "/api/v0/instances/" + id + "/"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)),
                vast.token());
    }

    private JsonNode show(long id) {
        HttpResponse<String> response = get(vast.baseUrl() + "/api/v0/instances/" + id + "/?owner=me", vast.token());
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).get("instances");
    }

    @Test
    void searchWithoutLimitReturnsSixtyFourAndAnExplicitLimitIsHonoured() {
        assertThat(search("{}")).hasSize(64);
        assertThat(search("{\"limit\": 500}")).hasSize(150);
        assertThat(search("{\"limit\": 10}")).hasSize(10);
    }

    @Test
    void searchWorksWithoutAKeyButNotWithAWrongOne() {
        assertThat(post(vast.baseUrl() + "/api/v0/bundles/", null, "{}").statusCode())
                .isEqualTo(200);
        HttpResponse<String> wrong = post(vast.baseUrl() + "/api/v0/bundles/", "not-the-key", "{}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("error").asText()).isEqualTo("auth_error");
        assertThat(json(wrong).get("msg").asText()).isEqualTo("Invalid user key");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404})
    void badKeyStatusIsConfigurable(int status) {
        vast.withBadKeyStatus(status);
        HttpResponse<String> response = get(vast.baseUrl() + "/api/v1/instances/", "wrong");
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).contains("Invalid user key");
        assertThat(get(vast.baseUrl() + "/api/v1/instances/", null).statusCode())
                .isEqualTo(status);
    }

    @Test
    void searchHonoursBodyFiltersOrderAndPricesStorageIntoDphTotal() {
        JsonNode offers = search("{\"gpu_name\": {\"in\": [\"RTX 4090\", \"H100 SXM\"]}, \"num_gpus\": {\"gte\": 2},"
                + " \"gpu_ram\": {\"gte\": 24064}, \"verified\": {\"eq\": true}, \"geolocation\": {\"in\": [\"US\", \"CA\"]},"
                + " \"order\": [[\"dph_total\", \"asc\"]], \"limit\": 1000, \"allocated_storage\": 20.0,"
                + " \"type\": \"on-demand\"}");
        assertThat(offers).isNotEmpty();
        double previous = 0;
        for (JsonNode o : offers) {
            assertThat(o.get("gpu_name").asText()).isIn("RTX 4090", "H100 SXM");
            assertThat(o.get("num_gpus").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(o.get("verification").asText()).isEqualTo("verified");
            assertThat(o.get("geolocation").asText()).matches(".*, (US|CA)");
            assertThat(o.get("dph_total").asDouble()).isGreaterThanOrEqualTo(previous);
            previous = o.get("dph_total").asDouble();
            double storage = o.get("storage_cost").asDouble() * 20.0 / 720;
            assertThat(o.get("storage_total_cost").asDouble()).isEqualTo(storage);
            assertThat(o.get("dph_total").asDouble())
                    .isEqualTo(o.get("dph_base").asDouble() + storage);
        }
    }

    @Test
    void interruptibleSearchPricesFromTheMinimumBid() {
        JsonNode onDemand = search("{\"limit\": 1000}");
        JsonNode bid = search("{\"limit\": 1000, \"type\": \"bid\"}");
        assertThat(bid).hasSameSizeAs(onDemand);
        JsonNode first = bid.get(0);
        assertThat(first.get("is_bid").asBoolean()).isTrue();
        assertThat(first.get("dph_base").asDouble())
                .isEqualTo(first.get("min_bid").asDouble());
        // Both spellings Vast's documentation uses are accepted.
        assertThat(search("{\"type\": \"ondemand\"}")).hasSize(64);
    }

    @Test
    void unknownFilterFieldOrOperatorIsInvalidArgs() {
        HttpResponse<String> field = post(vast.baseUrl() + "/api/v0/bundles/", null, "{\"gpu_colour\": {\"eq\": 1}}");
        assertThat(field.statusCode()).isEqualTo(400);
        assertThat(json(field).get("error").asText()).isEqualTo("invalid_args");
        HttpResponse<String> op = post(vast.baseUrl() + "/api/v0/bundles/", null, "{\"num_gpus\": {\"between\": 1}}");
        assertThat(op.statusCode()).isEqualTo(400);
    }

    @Test
    void v1ListsSixtyInstancesInCursorPagesOfTwentyFive() {
        Set<Long> ids = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            String url = vast.baseUrl() + "/api/v1/instances/?limit=25"
                    + (token == null ? "" : "&after_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            JsonNode page = json(get(url, vast.token()));
            assertThat(page.get("total_instances").asInt()).isEqualTo(60);
            assertThat(page.get("instances_found").asInt())
                    .isEqualTo(page.get("instances").size());
            sizes.add(page.get("instances").size());
            page.get("instances").forEach(i -> ids.add(i.get("id").asLong()));
            token = page.get("next_token").isNull()
                    ? null
                    : page.get("next_token").asText();
        } while (token != null);
        assertThat(sizes).containsExactly(25, 25, 10);
        assertThat(ids).hasSize(60).containsExactlyInAnyOrderElementsOf(vast.instanceIds());
    }

    @Test
    void v1LimitIsCappedAtTwentyFiveAndATokenMayBeJsonQuoted() {
        JsonNode first = json(get(vast.baseUrl() + "/api/v1/instances/?limit=100", vast.token()));
        assertThat(first.get("instances")).hasSize(25);
        String quoted = "\"" + first.get("next_token").asText() + "\"";
        JsonNode second = json(get(
                vast.baseUrl() + "/api/v1/instances/?after_token=" + URLEncoder.encode(quoted, StandardCharsets.UTF_8),
                vast.token()));
        assertThat(second.get("instances").get(0).get("id").asLong())
                .isEqualTo(vast.instanceIds().get(25));
        HttpResponse<String> bad = get(vast.baseUrl() + "/api/v1/instances/?after_token=garbage!", vast.token());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("error").asText()).isEqualTo("invalid_token");
    }

    @Test
    void v0ListIsUnpagedAndShowWrapsOneObjectOrNull() {
        JsonNode all = json(get(vast.baseUrl() + "/api/v0/instances/?owner=me", vast.token()));
        assertThat(all.get("instances")).hasSize(60);
        long id = vast.instanceIds().get(0);
        JsonNode shown = show(id);
        assertThat(shown.isObject()).isTrue();
        assertThat(shown.get("id").asLong()).isEqualTo(id);
        assertThat(shown.get("gpu_totalram").asInt())
                .isEqualTo(shown.get("gpu_ram").asInt() * shown.get("num_gpus").asInt());
        assertThat(shown.get("local_ipaddrs").isTextual()).isTrue();
        assertThat(shown.get("extra_env").get(0).isArray()).isTrue();
        assertThat(shown.get("jupyter_token").asText()).isNotBlank();
        assertThat(show(1).isNull()).isTrue();
    }

    @Test
    void stopIsCarriedOutByTheHostAfterTheDelay() {
        long id = vast.instanceIds().get(1);
        HttpResponse<String> response = put(id, "{\"state\": \"stopped\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("success").asBoolean()).isTrue();

        JsonNode during = show(id);
        assertThat(during.get("intended_status").asText()).isEqualTo("stopped");
        assertThat(during.get("actual_status").asText()).isEqualTo("running");

        clock.advance(Duration.ofSeconds(10));
        JsonNode after = show(id);
        assertThat(after.get("actual_status").asText()).isEqualTo("stopped");
        assertThat(after.get("cur_state").asText()).isEqualTo("stopped");
        assertThat(after.get("ports").isNull()).isTrue();
        assertThat(after.get("instance").get("gpuCostPerHour").asDouble()).isZero();

        // A repeated stop is accepted and changes nothing (Vast does not document repeats; assumed).
        assertThat(json(put(id, "{\"state\": \"stopped\"}")).get("success").asBoolean())
                .isTrue();
        assertThat(vast.stateRequests())
                .extracting(VastSimulator.StateRequest::state)
                .containsExactly("stopped", "stopped");

        put(id, "{\"state\": \"running\"}");
        assertThat(show(id).get("actual_status").asText()).isEqualTo("stopped");
        clock.advance(Duration.ofSeconds(10));
        assertThat(show(id).get("actual_status").asText()).isEqualTo("running");
        assertThat(show(id).get("status_msg").asText()).startsWith("success, running");
    }

    @Test
    void startWhoseGpusAreTakenWaitsAndSaysSoUntilTheyAreReleased() {
        long id = vast.instanceIds().get(2);
        put(id, "{\"state\": \"stopped\"}");
        clock.advance(Duration.ofSeconds(10));
        vast.gpusTaken(id, true);

        put(id, "{\"state\": \"running\"}");
        clock.advance(Duration.ofMinutes(5));
        JsonNode waiting = show(id);
        assertThat(waiting.get("intended_status").asText()).isEqualTo("running");
        assertThat(waiting.get("actual_status").asText()).isEqualTo("stopped");
        assertThat(waiting.get("status_msg").asText()).isEqualTo(VastFleet.GPUS_TAKEN_MESSAGE);

        vast.gpusTaken(id, false);
        clock.advance(Duration.ofSeconds(10));
        assertThat(show(id).get("actual_status").asText()).isEqualTo("running");
    }

    @Test
    void stoppingAgainCancelsAStartThatWaitsForGpus() {
        long id = vast.instanceIds().get(3);
        put(id, "{\"state\": \"stopped\"}");
        clock.advance(Duration.ofSeconds(10));
        vast.gpusTaken(id, true);
        put(id, "{\"state\": \"running\"}");
        clock.advance(Duration.ofSeconds(10));

        put(id, "{\"state\": \"stopped\"}");
        JsonNode cancelled = show(id);
        assertThat(cancelled.get("intended_status").asText()).isEqualTo("stopped");
        assertThat(cancelled.get("actual_status").asText()).isEqualTo("stopped");
        assertThat(cancelled.get("status_msg").isNull()).isTrue();
    }

    @Test
    void unrequestedStopsCanKeepOrSetTheIntendedStatus() {
        long outbid = vast.instanceIds().get(4);
        vast.stopUnrequested(outbid, "outbid", false);
        JsonNode kept = show(outbid);
        assertThat(kept.get("intended_status").asText()).isEqualTo("running");
        assertThat(kept.get("actual_status").asText()).isEqualTo("stopped");
        assertThat(kept.get("status_msg").asText()).contains("outbid");

        long ended = vast.instanceIds().get(5);
        vast.stopUnrequested(ended, "contract_end", true);
        JsonNode set = show(ended);
        assertThat(set.get("intended_status").asText()).isEqualTo("stopped");
        HttpResponse<String> restart = put(ended, "{\"state\": \"running\"}");
        assertThat(restart.statusCode()).isEqualTo(200);
        assertThat(json(restart).get("success").asBoolean()).isFalse();
        assertThat(json(restart).get("msg").asText()).contains("contract ended");
    }

    @Test
    void creditRunningOutStopsEveryInstanceThroughTheAdminEndpoint() {
        HttpResponse<String> response = post(
                vast.rootUrl() + "/_sandbox/state",
                null,
                "{\"action\": \"stop_unrequested\", \"instance_id\": "
                        + vast.instanceIds().get(0) + ", \"cause\": \"credit\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("stopped")).hasSize(60);
        JsonNode any = show(vast.instanceIds().get(7));
        assertThat(any.get("actual_status").asText()).isEqualTo("stopped");
        assertThat(any.get("credit_balance").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void putErrorsUseVastsCodes() {
        HttpResponse<String> unknown = put(999, "{\"state\": \"stopped\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).isEqualTo("no_such_instance");
        long id = vast.instanceIds().get(0);
        HttpResponse<String> label = put(id, "{\"label\": \"" + "x".repeat(1025) + "\"}");
        assertThat(label.statusCode()).isEqualTo(400);
        assertThat(json(label).get("error").asText()).isEqualTo("label_too_long");
        assertThat(put(id, "{\"state\": \"frozen\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void plainRateLimitFaultHasNoRetryAfterAndNoJson() {
        vast.faults().rateLimitedWithoutRetryAfter(1);
        HttpResponse<String> limited = post(vast.baseUrl() + "/api/v0/bundles/", null, "{}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isEmpty();
        assertThat(limited.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(limited.body()).startsWith("API requests too frequent");
        assertThat(post(vast.baseUrl() + "/api/v0/bundles/", null, "{}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void plainRateLimitFaultCanBeQueuedOverTheAdminEndpoint() {
        HttpResponse<String> queued =
                post(vast.rootUrl() + "/_sandbox/faults", null, "{\"kind\": \"rate_limit_plain\", \"count\": 2}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(201);
        assertThat(get(vast.baseUrl() + "/api/v1/instances/", vast.token()).statusCode())
                .isEqualTo(429);
        assertThat(get(vast.baseUrl() + "/api/v1/instances/", vast.token()).statusCode())
                .isEqualTo(429);
        assertThat(get(vast.baseUrl() + "/api/v1/instances/", vast.token()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void minimumIntervalAnswersTooFrequentCallsWithAPlain429() {
        vast.withMinInterval(Duration.ofSeconds(1));
        assertThat(get(vast.baseUrl() + "/api/v1/instances/", vast.token()).statusCode())
                .isEqualTo(200);
        HttpResponse<String> second = get(vast.baseUrl() + "/api/v1/instances/", vast.token());
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).isEmpty();
        // Another endpoint has its own interval.
        assertThat(post(vast.baseUrl() + "/api/v0/bundles/", null, "{}").statusCode())
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(get(vast.baseUrl() + "/api/v1/instances/", vast.token()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void repeatedCursorFaultSendsTheRequestTokenBack() {
        JsonNode first = json(get(vast.baseUrl() + "/api/v1/instances/", vast.token()));
        String token = first.get("next_token").asText();
        vast.faults().listFault(Faults.Kind.REPEATED_CURSOR, 1);
        JsonNode second = json(get(vast.baseUrl() + "/api/v1/instances/?after_token=" + token, vast.token()));
        assertThat(second.get("next_token").asText()).isEqualTo(token);
    }

    @Test
    void sameSeedGivesTheSameMarket() {
        try (VastSimulator other =
                new VastSimulator().withClock(clock).withSeed(3).withOffers(150).start()) {
            assertThat(other.offerIds()).isEqualTo(vast.offerIds());
        }
    }
}
