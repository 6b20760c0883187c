package io.computemirror.sandbox;

import static io.computemirror.sandbox.TestHttp.fields;
import static io.computemirror.sandbox.TestHttp.get;
import static io.computemirror.sandbox.TestHttp.json;
import static io.computemirror.sandbox.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class AkuaSimulatorTest {

    private AkuaSimulator akua;

    @BeforeEach
    void start() {
        akua = new AkuaSimulator()
                .withSeed(11)
                .withMachines(250)
                .withOperationDuration(Duration.ofMillis(300))
                .start();
    }

    @AfterEach
    void stop() {
        akua.close();
    }

    private String activeMachine() {
        return akua.machineIds().stream()
                .filter(id -> akua.machine(id).orElseThrow().state().equals("ACTIVE"))
                .findFirst()
                .orElseThrow();
    }

    private JsonNode getMachine(String id) {
        HttpResponse<String> response = get(akua.baseUrl() + "/machines/" + id, akua.token());
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    private HttpResponse<String> action(String id, String verb, String etag, String key) {
        List<String> headers = new java.util.ArrayList<>();
        if (etag != null) {
            headers.add("if-match");
            headers.add(etag);
        }
        if (key != null) {
            headers.add("idempotency-key");
            headers.add(key);
        }
        return post(akua.baseUrl() + "/machines/" + id + verb, akua.token(), "{}", headers.toArray(String[]::new));
    }

    private JsonNode waitDone(String operationId) {
        HttpResponse<String> response =
                post(akua.baseUrl() + "/operations/" + operationId + ":wait?timeout=10", akua.token(), null);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    @Test
    void twoHundredFiftyMachinesPageOverCursors() {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        int pages = 0;
        while (true) {
            String query = "?limit=100"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode body = json(get(akua.baseUrl() + "/machines" + query, akua.token()));
            assertThat(fields(body)).containsExactlyInAnyOrder("data", "has_more", "next_cursor");
            pages++;
            body.get("data").forEach(m -> ids.add(m.get("id").asText()));
            if (!body.get("has_more").asBoolean()) {
                assertThat(body.get("next_cursor").isNull()).isTrue();
                break;
            }
            cursor = body.get("next_cursor").asText();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(ids).hasSize(250).allMatch(id -> id.startsWith("mch_"));
        assertThat(json(get(akua.baseUrl() + "/machines", akua.token())).get("data"))
                .hasSize(50);
    }

    @Test
    void listRejectsBadLimitsCursorsAndStates() {
        for (String query : List.of("?limit=0", "?limit=101", "?cursor=bogus", "?state=asleep", "?view=huge")) {
            HttpResponse<String> response = get(akua.baseUrl() + "/machines" + query, akua.token());
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            JsonNode body = json(response);
            assertThat(body.get("success").asBoolean()).isFalse();
            assertThat(body.at("/errors/0/code").isInt()).isTrue();
        }
    }

    @Test
    void listFiltersByStateAndCluster() {
        JsonNode suspended = json(get(akua.baseUrl() + "/machines?limit=100&state=SUSPENDED", akua.token()));
        assertThat(suspended.get("data")).isNotEmpty().allSatisfy(m -> {
            assertThat(m.get("state").asText()).isEqualTo("SUSPENDED");
            assertThat(m.at("/current_suspension/event_id").asText()).isNotEmpty();
        });
        String cluster = akua.machine(akua.machineIds().get(0)).orElseThrow().clusterId();
        JsonNode byCluster = json(get(akua.baseUrl() + "/machines?limit=100&cluster_id=" + cluster, akua.token()));
        assertThat(byCluster.get("data"))
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.get("cluster_id").asText()).isEqualTo(cluster));
    }

    @Test
    void machineHasTheSpecShape() {
        JsonNode machine = getMachine(activeMachine());
        assertThat(fields(machine))
                .contains(
                        "id",
                        "workspace_id",
                        "cluster_id",
                        "compute_config_id",
                        "provider_id",
                        "provider_resource",
                        "name",
                        "node_name",
                        "state",
                        "reconciling",
                        "created_at",
                        "updated_at",
                        "etag");
        assertThat(machine.get("provider_id").asText()).startsWith("compute://hcloud/server-");
        assertThat(fields(machine.get("provider_resource"))).contains("identity_kind", "public_ip");
        assertThat(machine.get("created_at").isIntegralNumber()).isTrue();
        assertThat(machine.get("etag").isTextual()).isTrue();
    }

    @Test
    void unknownMachineAnswers404InEitherErrorShape() {
        HttpResponse<String> spec = get(akua.baseUrl() + "/machines/mch_missing", akua.token());
        assertThat(spec.statusCode()).isEqualTo(404);
        JsonNode specBody = json(spec);
        assertThat(fields(specBody)).containsExactlyInAnyOrder("success", "errors", "result");
        assertThat(specBody.get("result").isEmpty()).isTrue();
        assertThat(specBody.at("/errors/0/message").asText()).contains("mch_missing");

        akua.withErrorShape(AkuaSimulator.ErrorShape.DOCS);
        JsonNode docsBody = json(get(akua.baseUrl() + "/machines/mch_missing", akua.token()));
        assertThat(docsBody.at("/error/code").asText()).isEqualTo("not_found");
        assertThat(docsBody.at("/error/message").asText()).contains("mch_missing");
    }

    @Test
    void missingOrWrongTokenAnswers401() {
        assertThat(get(akua.baseUrl() + "/machines", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = get(akua.baseUrl() + "/machines", "sk_akua_wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).at("/errors/0/code").isInt()).isTrue();
    }

    @Test
    void suspendRunsAnOperationThatChangesStateAndEtag() {
        String id = activeMachine();
        String etag = getMachine(id).get("etag").asText();
        // The encoded colon must route like the literal one.
        HttpResponse<String> accepted = action(id, "%3Asuspend", etag, "suspend-" + id);
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode op = json(accepted);
        assertThat(op.get("id").asText())
                .startsWith("op_")
                .isEqualTo(op.get("operation_id").asText());
        assertThat(op.get("owner_type").asText()).isEqualTo("machine");
        assertThat(op.get("owner_id").asText()).isEqualTo(id);
        assertThat(op.at("/metadata/type").asText()).isEqualTo("machine.suspend");
        assertThat(op.at("/metadata/request_fingerprint").asText()).isNotEmpty();
        assertThat(op.get("state").asText()).isEqualTo("RUNNING");
        assertThat(op.get("done").asBoolean()).isFalse();
        assertThat(op.get("response").isNull()).isTrue();
        assertThat(op.get("error").isNull()).isTrue();
        assertThat(op.get("completed_at").isNull()).isTrue();

        JsonNode suspending = getMachine(id);
        assertThat(suspending.get("state").asText()).isEqualTo("SUSPENDING");
        assertThat(suspending.get("etag").asText()).isNotEqualTo(etag);

        JsonNode done = waitDone(op.get("id").asText());
        assertThat(done.get("done").asBoolean()).isTrue();
        assertThat(done.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/response/type").asText()).isEqualTo("machine.suspend");
        String suspensionId = done.at("/response/suspension_id").asText();

        JsonNode suspended = getMachine(id);
        assertThat(suspended.get("state").asText()).isEqualTo("SUSPENDED");
        assertThat(suspended.at("/current_suspension/event_id").asText()).isEqualTo(suspensionId);
        assertThat(suspended.at("/current_suspension/snapshot_ref/provider").asText())
                .isEqualTo("hcloud");
        assertThat(suspended.get("etag").asText())
                .isNotIn(etag, suspending.get("etag").asText());

        JsonNode fetched =
                json(get(akua.baseUrl() + "/operations/" + op.get("id").asText(), akua.token()));
        assertThat(fetched.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(fetched.get("steps")).isNotEmpty();

        HttpResponse<String> resumed =
                action(id, ":resume", suspended.get("etag").asText(), "resume-" + id);
        assertThat(resumed.statusCode()).isEqualTo(202);
        assertThat(json(resumed).at("/metadata/type").asText()).isEqualTo("machine.resume");
        assertThat(getMachine(id).get("state").asText()).isEqualTo("RESUMING");
        assertThat(waitDone(json(resumed).get("id").asText()).get("state").asText())
                .isEqualTo("SUCCEEDED");
        JsonNode active = getMachine(id);
        assertThat(active.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(active.has("current_suspension")).isFalse();
    }

    @Test
    void lifecycleHeadersAreRequired() {
        String id = activeMachine();
        String etag = getMachine(id).get("etag").asText();
        assertThat(action(id, ":suspend", null, "k1").statusCode()).isEqualTo(400);
        HttpResponse<String> noKey = action(id, ":suspend", etag, null);
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(json(noKey).at("/errors/0/message").asText()).contains("idempotency-key");
        HttpResponse<String> extra = post(
                akua.baseUrl() + "/machines/" + id + ":suspend",
                akua.token(),
                "{\"force\":true}",
                "if-match",
                etag,
                "idempotency-key",
                "k2");
        assertThat(extra.statusCode()).isEqualTo(400);
        assertThat(akua.operations()).isEmpty();
        assertThat(akua.lifecycleRequests()).hasSize(3).allMatch(r -> r.status() == 400);
    }

    @Test
    void staleEtagAnswers409AbortedWithTheCurrentEtag() {
        String id = activeMachine();
        String etag = getMachine(id).get("etag").asText();
        HttpResponse<String> stale = action(id, ":suspend", "999999", "stale-key");
        assertThat(stale.statusCode()).isEqualTo(409);
        JsonNode metadata = json(stale).at("/errors/0/metadata");
        assertThat(metadata.get("status").asText()).isEqualTo("ABORTED");
        assertThat(metadata.get("current_etag").asText()).isEqualTo(etag);
        // Quoted etags as an HTTP client might send them are accepted.
        assertThat(action(id, ":suspend", "\"" + etag + "\"", "fresh-key").statusCode())
                .isEqualTo(202);
    }

    @Test
    void replayedIdempotencyKeyReturnsTheSameOperation() {
        String id = activeMachine();
        String etag = getMachine(id).get("etag").asText();
        String first = json(action(id, ":suspend", etag, "once")).get("id").asText();
        // The replay carries the old etag: it must still get the existing operation, not a 409.
        HttpResponse<String> replay = action(id, ":suspend", etag, "once");
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(json(replay).get("id").asText()).isEqualTo(first);
        assertThat(akua.operationsForIdempotencyKey("once")).containsExactly(first);
        assertThat(akua.lifecycleRequests()).hasSize(2).allSatisfy(r -> {
            assertThat(r.idempotencyKey()).isEqualTo("once");
            assertThat(r.ifMatch()).isEqualTo(etag);
            assertThat(r.operationId()).isEqualTo(first);
        });
        String other = akua.machineIds().stream()
                .filter(m -> !m.equals(id))
                .findFirst()
                .orElseThrow();
        HttpResponse<String> reused =
                action(other, ":suspend", getMachine(other).get("etag").asText(), "once");
        assertThat(reused.statusCode()).isEqualTo(409);
    }

    @Test
    void wrongStateAnswers409() {
        String id = activeMachine();
        String etag = getMachine(id).get("etag").asText();
        HttpResponse<String> resumeActive = action(id, ":resume", etag, "r1");
        assertThat(resumeActive.statusCode()).isEqualTo(409);
        assertThat(json(resumeActive).at("/errors/0/metadata/state").asText()).isEqualTo("ACTIVE");
        JsonNode op = json(action(id, ":suspend", etag, "s1"));
        String suspendingEtag = getMachine(id).get("etag").asText();
        assertThat(action(id, ":suspend", suspendingEtag, "s2").statusCode()).isEqualTo(409);
        waitDone(op.get("id").asText());
        assertThat(action(id, ":suspend", getMachine(id).get("etag").asText(), "s3")
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void injectedFailureAndCancellationEndTheOperation() {
        akua.failNextOperation("hcloud snapshot quota exceeded").cancelNextOperation("operator cancelled");
        String id = activeMachine();
        JsonNode failed =
                waitDone(json(action(id, ":suspend", getMachine(id).get("etag").asText(), "f1"))
                        .get("id")
                        .asText());
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("done").asBoolean()).isTrue();
        assertThat(failed.at("/error/message").asText()).isEqualTo("hcloud snapshot quota exceeded");
        assertThat(failed.get("response").isNull()).isTrue();
        assertThat(getMachine(id).get("state").asText()).isEqualTo("ACTIVE");

        JsonNode cancelled =
                waitDone(json(action(id, ":suspend", getMachine(id).get("etag").asText(), "c1"))
                        .get("id")
                        .asText());
        assertThat(cancelled.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.at("/error/message").asText()).isEqualTo("operator cancelled");
        assertThat(getMachine(id).get("state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void waitReturnsAtTheTimeoutWhenNotDoneAndAsSoonAsDone() throws Exception {
        akua.withOperationDuration(Duration.ofMillis(3000));
        String id = activeMachine();
        String opId = json(action(id, ":suspend", getMachine(id).get("etag").asText(), "w1"))
                .get("id")
                .asText();
        long start = System.nanoTime();
        JsonNode early = json(post(akua.baseUrl() + "/operations/" + opId + ":wait?timeout=1", akua.token(), null));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(early.get("done").asBoolean()).isFalse();
        assertThat(tookMs).isBetween(900L, 2500L);
        CompletableFuture<JsonNode> late = CompletableFuture.supplyAsync(() -> waitDone(opId));
        JsonNode done = late.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(done.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(post(akua.baseUrl() + "/operations/" + opId + ":wait?timeout=61", akua.token(), null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(akua.baseUrl() + "/operations/op_missing:wait", akua.token(), null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void cancelStopsARunningOperation() {
        akua.withOperationDuration(Duration.ofSeconds(30));
        String id = activeMachine();
        String opId = json(action(id, ":suspend", getMachine(id).get("etag").asText(), "x1"))
                .get("id")
                .asText();
        HttpResponse<String> cancel = post(akua.baseUrl() + "/operations/" + opId + ":cancel", akua.token(), null);
        assertThat(cancel.statusCode()).isEqualTo(202);
        assertThat(json(cancel).get("state").asText()).isEqualTo("CANCELLED");
        assertThat(post(akua.baseUrl() + "/operations/" + opId + ":cancel", akua.token(), null)
                        .statusCode())
                .isEqualTo(422);
        assertThat(getMachine(id).get("state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void requiredContextHeaderIsEnforced() {
        akua.withRequiredContext(AkuaSimulator.WORKSPACE_ID);
        assertThat(get(akua.baseUrl() + "/machines", akua.token()).statusCode()).isEqualTo(403);
        assertThat(get(akua.baseUrl() + "/machines", akua.token(), "akua-context", "ws_other")
                        .statusCode())
                .isEqualTo(403);
        assertThat(get(akua.baseUrl() + "/machines", akua.token(), "Akua-Context", AkuaSimulator.WORKSPACE_ID)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void machinesAreDeterministicFromTheSeed() {
        assertThat(new AkuaSimulator().withSeed(11).withMachines(250).machineIds())
                .isEqualTo(akua.machineIds());
        assertThat(new AkuaSimulator().withSeed(12).withMachines(250).machineIds())
                .isNotEqualTo(akua.machineIds());
    }
}
