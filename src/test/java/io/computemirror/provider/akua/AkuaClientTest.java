package io.computemirror.provider.akua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.provider.Credential;
import io.computemirror.provider.Fixtures;
import io.computemirror.provider.Listing;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.MachineState;
import io.computemirror.provider.OperationObservation;
import io.computemirror.provider.OperationState;
import io.computemirror.provider.ProviderException;
import io.computemirror.provider.StubServer;
import io.computemirror.provider.StubServer.Reply;
import io.computemirror.provider.TestAccounts;

class AkuaClientTest {

    static final String SPEC_MACHINE =
            """
            {"id":"mch_abc","workspace_id":"ws_1","cluster_id":"clu_1","compute_config_id":"cc_1",
             "provider_id":"compute://hcloud/server-1234",
             "provider_resource":{"identity_kind":"recyclable","public_ip":"203.0.113.7","floating_ip":null},
             "name":"worker-2","node_name":null,"state":"SUSPENDED","reconciling":false,
             "current_suspension":{"event_id":"sev_1","snapshot_ref":{"provider":"hcloud","snapshot_id":987,"size_gb":40.5},
               "expires_at":1767225600,"monthly_cost_cents":212,"reason":"manual"},
             "created_at":1734567890000,"updated_at":1752835200,"etag":"42","future_field":{"x":1}}
            """;

    private StubServer server;

    @BeforeEach
    void start() throws Exception {
        server = new StubServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private AkuaClient client() {
        return new AkuaClient(TestAccounts.builder(ProviderType.Akua, server, Credential.of("sk_akua_secret"))
                .settings(new AkuaSettings("ws_j572abc123def456"))
                .build());
    }

    @Test
    void seedGetMachineParses() {
        server.replies(Reply.ok(Fixtures.read("akua-get-machine.json")));

        MachineObservation m = client().getMachine("mch_1");

        assertThat(m.externalId()).isEqualTo("<string>");
        assertThat(m.providerId()).isEqualTo("compute://hcloud/server-1234");
        // The docs page's example has no state: it must not fail, it is UNKNOWN.
        assertThat(m.state()).isEqualTo(MachineState.UNKNOWN);
        assertThat(m.providerState()).isNull();
        assertThat(m.createdAt()).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(m.etag()).isEqualTo("<string>");
        assertThat(m.suspension().snapshotId()).isEqualTo(123L);
        assertThat(m.suspension().monthlyCostCents()).isEqualTo(123L);
        assertThat(m.suspension().expiresAt()).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(((MachineObservation.AkuaFacts) m.facts()).reconciling()).isTrue();

        StubServer.Recorded req = server.requests().get(0);
        assertThat(req.path()).isEqualTo("/v1/machines/mch_1");
        assertThat(req.header("Authorization")).isEqualTo("Bearer sk_akua_secret");
        assertThat(req.header("akua-context")).isEqualTo("ws_j572abc123def456");
    }

    @Test
    void specMachineMapsEveryField() {
        server.replies(Reply.ok(SPEC_MACHINE));

        MachineObservation m = client().getMachine("mch_abc");

        assertThat(m.externalId()).isEqualTo("mch_abc");
        assertThat(m.name()).isEqualTo("worker-2");
        assertThat(m.state()).isEqualTo(MachineState.SUSPENDED);
        assertThat(m.providerState()).isEqualTo("SUSPENDED");
        assertThat(m.addresses()).containsExactly("203.0.113.7");
        assertThat(m.node()).isNull();
        assertThat(m.createdAt()).isEqualTo(Instant.ofEpochMilli(1734567890000L));
        assertThat(m.updatedAt()).isEqualTo(Instant.ofEpochSecond(1752835200));
        assertThat(m.etag()).isEqualTo("42");
        assertThat(m.suspension().eventId()).isEqualTo("sev_1");
        assertThat(m.suspension().expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(m.suspension().monthlyCostCents()).isEqualTo(212L);
        assertThat(m.suspension().reason()).isEqualTo("manual");
        assertThat(m.suspension().snapshotSizeGb()).isEqualByComparingTo("40.5");
        assertThat(m.facts()).isInstanceOfSatisfying(MachineObservation.AkuaFacts.class, f -> {
            assertThat(f.workspaceId()).isEqualTo("ws_1");
            assertThat(f.identityKind()).isEqualTo("recyclable");
        });
    }

    @Test
    void listFollowsCursorsToTheEnd() {
        server.handler(r -> {
            String q = r.query();
            int page = q.contains("cursor=c2") ? 2 : q.contains("cursor=c1") ? 1 : 0;
            List<String> items = new ArrayList<>();
            for (int i = 0; i < (page == 2 ? 5 : 100); i++) {
                items.add("{\"id\":\"mch_" + page + "_" + i + "\",\"state\":\"" + (i == 0 ? "HIBERNATING" : "ACTIVE")
                        + "\",\"etag\":\"1\",\"created_at\":1,\"updated_at\":2}");
            }
            String next = page == 2 ? "null" : "\"c" + (page + 1) + "\"";
            return Reply.ok("{\"data\":[" + String.join(",", items) + "],\"has_more\":" + (page < 2)
                    + ",\"next_cursor\":" + next + "}");
        });

        List<MachineObservation> machines = client().listMachines().items();

        assertThat(machines).hasSize(205);
        assertThat(machines.get(0).state()).isEqualTo(MachineState.UNKNOWN);
        assertThat(machines.get(0).providerState()).isEqualTo("HIBERNATING");
        assertThat(machines.get(1).state()).isEqualTo(MachineState.RUNNING);
        assertThat(server.requests())
                .extracting(StubServer.Recorded::target)
                .containsExactly(
                        "/v1/machines?limit=100",
                        "/v1/machines?limit=100&cursor=c1",
                        "/v1/machines?limit=100&cursor=c2");
    }

    @Test
    void repeatedCursorIsReportedInsteadOfLooping() {
        server.replies(Reply.ok("{\"data\":[],\"has_more\":true,\"next_cursor\":\"same\"}"));

        Listing<MachineObservation> listing = client().listMachines();
        assertThat(listing.isComplete()).isFalse();
        assertThat(listing.incomplete().reason()).isEqualTo(Listing.Reason.CursorRepeated);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void hasMoreWithoutCursorKeepsWhatWasSeenAsAnIncompleteListing() {
        server.replies(Reply.ok(
                "{\"data\":[{\"id\":\"mch_1\",\"state\":\"ACTIVE\"}],\"has_more\":true,\"next_cursor\":null}"));

        Listing<MachineObservation> listing = client().listMachines();
        assertThat(listing.items()).extracting(MachineObservation::externalId).containsExactly("mch_1");
        assertThat(listing.incomplete().reason()).isEqualTo(Listing.Reason.MissingCursor);
    }

    @Test
    void suspendSendsColonPathEtagAndIdempotencyKey() {
        server.replies(
                Reply.json(
                        202,
                        """
                {"id":"op_1","operation_id":"op_1","owner_type":"machine","owner_id":"mch_abc","state":"RUNNING","done":false,
                 "metadata":{"type":"machine.suspend","workspace_id":"ws_1","machine_id":"mch_abc","request_fingerprint":"f"},
                 "response":null,"error":null,"last_error":null,"started_at":1752835200,"completed_at":null,"html_url":"https://akua.dev/x"}
                """));

        OperationObservation op = client().suspend("mch_abc", "42", "uid-7-gen-3-suspend");

        assertThat(op.id()).isEqualTo("op_1");
        assertThat(op.action()).isEqualTo("machine.suspend");
        assertThat(op.state()).isEqualTo(OperationState.RUNNING);
        assertThat(op.done()).isFalse();
        assertThat(op.machineId()).isEqualTo("mch_abc");
        assertThat(op.startedAt()).isEqualTo(Instant.ofEpochSecond(1752835200));
        assertThat(op.completedAt()).isNull();
        StubServer.Recorded req = server.requests().get(0);
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/v1/machines/mch_abc:suspend");
        assertThat(req.header("if-match")).isEqualTo("42");
        assertThat(req.header("idempotency-key")).isEqualTo("uid-7-gen-3-suspend");
        assertThat(req.header("Content-Type")).isEqualTo("application/json");
        assertThat(req.body()).isEqualTo("{\"reason\":\"manual\"}");
    }

    @Test
    void resumeAcceptsDocsEraOperationIdOnly() {
        server.replies(Reply.json(202, "{\"operation_id\":\"op_9\"}"));

        OperationObservation op = client().resume("mch_abc", "43", "k1");

        assertThat(op.id()).isEqualTo("op_9");
        assertThat(op.state()).isEqualTo(OperationState.RUNNING);
        assertThat(op.done()).isFalse();
        assertThat(server.requests().get(0).path()).isEqualTo("/v1/machines/mch_abc:resume");
        assertThat(server.requests().get(0).body()).isEqualTo("{}");
    }

    @Test
    void staleEtagIsConflictWithSpecErrorBody() {
        server.replies(Reply.json(
                409,
                "{\"success\":false,\"errors\":[{\"code\":7002,\"message\":\"Machine allocation conflicts.\","
                        + "\"metadata\":{\"current_etag\":\"44\"}}],\"result\":{}}"));

        assertThatThrownBy(() -> client().suspend("mch_abc", "42", "k1"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONFLICT);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.providerCode()).contains("7002");
                    assertThat(e.providerMessage()).contains("Machine allocation conflicts.");
                    assertThat(e.details()).containsEntry("current_etag", "44");
                });
    }

    @ParameterizedTest
    @CsvSource({"401, AUTH", "403, AUTH", "404, NOT_FOUND", "409, CONFLICT", "422, BAD_REQUEST", "503, SERVER_ERROR"})
    void docsErrorShapeIsReadToo(int status, ProviderException.Kind kind) {
        server.replies(Reply.json(status, "{\"error\":{\"code\":\"not_found\",\"message\":\"Install not found\"}}"));

        assertThatThrownBy(() -> client().getMachine("mch_x")).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.providerCode()).contains("not_found");
            assertThat(e.providerMessage()).contains("Install not found");
        });
    }

    @Test
    void operationFinishedStates() {
        server.replies(
                Reply.ok(
                        "{\"id\":\"op_1\",\"state\":\"SUCCEEDED\",\"done\":true,\"metadata\":{\"type\":\"machine.suspend\",\"machine_id\":\"mch_abc\"},"
                                + "\"response\":{\"type\":\"machine.suspend\",\"machine_id\":\"mch_abc\",\"suspension_id\":\"sev_2\"},"
                                + "\"error\":null,\"started_at\":10,\"completed_at\":20}"),
                Reply.ok(
                        "{\"id\":\"op_2\",\"state\":\"FAILED\",\"done\":true,\"error\":{\"message\":\"snapshot quota exceeded\"},"
                                + "\"last_error\":{\"message\":\"step failed\",\"step_name\":\"snapshot\"}}"),
                Reply.ok("{\"id\":\"op_3\",\"state\":\"PAUSED_BY_ADMIN\",\"done\":false}"));

        OperationObservation ok = client().getOperation("op_1");
        assertThat(ok.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(ok.done()).isTrue();
        assertThat(ok.suspensionId()).isEqualTo("sev_2");
        assertThat(ok.completedAt()).isEqualTo(Instant.ofEpochSecond(20));

        OperationObservation failed = client().getOperation("op_2");
        assertThat(failed.state()).isEqualTo(OperationState.FAILED);
        assertThat(failed.errorMessage()).isEqualTo("snapshot quota exceeded");

        OperationObservation odd = client().getOperation("op_3");
        assertThat(odd.state()).isEqualTo(OperationState.UNKNOWN);
        assertThat(odd.providerState()).isEqualTo("PAUSED_BY_ADMIN");
        assertThat(server.requests())
                .extracting(StubServer.Recorded::path)
                .containsExactly("/v1/operations/op_1", "/v1/operations/op_2", "/v1/operations/op_3");
    }

    @Test
    void idsAreEncodedAsPathSegments() {
        server.replies(Reply.ok(SPEC_MACHINE));

        client().getMachine("mch/../x y");

        assertThat(server.requests().get(0).path()).isEqualTo("/v1/machines/mch%2F..%2Fx%20y");
    }

    @Test
    void lifecycleArgumentsAreValidated() {
        assertThatThrownBy(() -> client().suspend("mch_abc", "", "k"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("etag");
        assertThatThrownBy(() -> client().resume("mch_abc", "1", "k".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idempotencyKey");
        assertThat(server.requests()).isEmpty();
    }
}
