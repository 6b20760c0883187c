package io.computemirror.provider.quiva;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.computemirror.provider.ProviderException;
import io.computemirror.provider.StubServer;
import io.computemirror.provider.StubServer.Reply;
import io.computemirror.provider.TestAccounts;

class QuivaClientTest {

    private StubServer server;

    @BeforeEach
    void start() throws Exception {
        server = new StubServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private QuivaClient client(Credential credential) {
        return new QuivaClient(
                TestAccounts.builder(ProviderType.Quiva, server, credential).build());
    }

    @Test
    void seedPageParsesIntoObservation() {
        server.replies(Reply.ok(Fixtures.read("quiva-compute-machines.json")));

        List<MachineObservation> machines =
                client(Credential.of("tok-1")).listMachines().items();

        assertThat(machines).hasSize(1);
        MachineObservation m = machines.get(0);
        assertThat(m.externalId()).isEqualTo("QVzJ6dGqpS6bsaY0qdZLtC");
        assertThat(m.state()).isEqualTo(MachineState.RUNNING);
        assertThat(m.providerState()).isEqualTo("running");
        assertThat(m.runtime()).isEqualTo("nodejs 4165");
        assertThat(m.memory()).isEqualTo("512.00 MB");
        assertThat(m.memoryBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(m.node()).isEqualTo("mc-eu-two");
        assertThat(m.createdAt()).isEqualTo(Instant.parse("2025-07-07T12:19:37.195049286Z"));
        assertThat(m.createdAt().getNano()).isEqualTo(195_049_286);
        assertThat(m.etag()).isNull();
        assertThat(m.facts()).isInstanceOfSatisfying(MachineObservation.QuivaFacts.class, f -> {
            assertThat(f.namespace()).isEqualTo("1753641292");
            assertThat(f.service()).isEqualTo("112623013");
            assertThat(f.serviceAuto()).isTrue();
            assertThat(f.serviceAutoRaw()).isEqualTo("%strue");
            assertThat(f.type()).isEqualTo("Compute Function");
            assertThat(f.owner()).isEqualTo("ABCD1234");
        });

        StubServer.Recorded req = server.requests().get(0);
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.path()).isEqualTo("/compute/machines");
        assertThat(req.header("Authorization")).isEqualTo("Bearer tok-1");
    }

    @Test
    void resultsTotalDisagreeingWithTheResultsMakesTheListingIncomplete() {
        server.replies(Reply.ok("{\"body\":{\"results\":[],\"results_total\":3}}"));

        Listing<MachineObservation> listing =
                client(Credential.of("test-token")).listMachines();
        assertThat(listing.isComplete()).isFalse();
        assertThat(listing.incomplete().reason()).isEqualTo(Listing.Reason.CountMismatch);
        assertThat(listing.expected()).isEqualTo(3);
    }

    @Test
    void filtersAreSentAsQueryParameters() {
        server.replies(Reply.ok("{\"body\":{\"results\":[],\"results_total\":0}}"));
        QuivaClient client =
                new QuivaClient(TestAccounts.builder(ProviderType.Quiva, server, Credential.of("test-token"))
                        .settings(new QuivaSettings(new QuivaMachineFilter("1753641292", "nodejs", null, "*")))
                        .build());

        assertThat(client.listMachines().items()).isEmpty();
        assertThat(server.requests().get(0).query()).isEqualTo("namespace=1753641292&runtime=nodejs&status=*");
    }

    @Test
    void unknownStatusIsKeptRawAndMappedToUnknown() {
        server.replies(Reply.ok("{\"body\":{\"results\":[{\"id\":\"a\",\"status\":\"hibernating\",\"memory\":\"1 GB\","
                + "\"annotations\":{\"cpu\":824671010504,\"service.auto\":\"false\"},\"created\":\"2025-07-07T12:19:37+02:00\"}],"
                + "\"results_total\":1}}"));

        MachineObservation m =
                client(Credential.of("test-token")).listMachines().items().get(0);

        assertThat(m.state()).isEqualTo(MachineState.UNKNOWN);
        assertThat(m.providerState()).isEqualTo("hibernating");
        assertThat(m.memoryBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(((MachineObservation.QuivaFacts) m.facts()).serviceAuto()).isFalse();
        assertThat(m.createdAt()).isEqualTo(Instant.parse("2025-07-07T10:19:37Z"));
    }

    @ParameterizedTest
    @CsvSource({
        "400, BAD_REQUEST, false",
        "401, AUTH, false",
        "403, AUTH, false",
        "404, NOT_FOUND, false",
        "409, CONFLICT, false",
        "429, RATE_LIMITED, true",
        "500, SERVER_ERROR, true",
        "503, SERVER_ERROR, true"
    })
    void errorStatusesMapToKindsWithProviderMessage(int status, ProviderException.Kind kind, boolean retryable) {
        server.replies(Reply.json(status, "{\"error\":\"Invalid request parameters\"}"));

        assertThatThrownBy(
                        () -> client(Credential.of("test-token")).listMachines().items())
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.isRetryable()).isEqualTo(retryable);
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e.providerMessage()).contains("Invalid request parameters");
                    assertThat(e.getMessage())
                            .contains(
                                    "ns/quiva",
                                    "GET /compute/machines",
                                    "HTTP " + status,
                                    "Invalid request parameters");
                });
    }

    @Test
    void malformedJsonIsRetryableMalformedResponse() {
        server.replies(Reply.ok("{\"body\":{\"results\":[{\"id\":"));

        assertThatThrownBy(
                        () -> client(Credential.of("test-token")).listMachines().items())
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.MALFORMED_RESPONSE);
                    assertThat(e.isRetryable()).isTrue();
                });
    }

    @Test
    void unexpectedPayloadIsMalformedResponse() {
        server.replies(Reply.ok("{\"data\":[{\"id\":\"x\"}]}"));

        assertThatThrownBy(
                        () -> client(Credential.of("test-token")).listMachines().items())
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage())
                        .contains("MALFORMED_RESPONSE", "\"body\""));
        server.replies(Reply.ok("[1,2,3]"));
        assertThatThrownBy(
                        () -> client(Credential.of("test-token")).listMachines().items())
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind())
                        .isEqualTo(ProviderException.Kind.MALFORMED_RESPONSE));
    }

    @Test
    void apiKeyIsExchangedThenRefreshedAfter401() {
        AtomicInteger listCalls = new AtomicInteger();
        server.handler(r -> switch (r.path()) {
            case "/accounts/auth-with-api-key" ->
                Reply.ok("{\"data\":{\"auth_token\":\"session-1\",\"refresh_token\":\"refresh-1\","
                        + "\"passkey_enabled\":false,\"totp_enabled\":false}}");
            case "/accounts/refresh-token" ->
                Reply.ok("{\"data\":{\"auth_token\":\"session-2\",\"refresh_token\":\"refresh-2\"}}");
            case "/compute/machines" ->
                listCalls.incrementAndGet() == 2
                        ? Reply.json(401, "{\"error\":\"token expired\"}")
                        : Reply.ok("{\"body\":{\"results\":[],\"results_total\":0}}");
            default -> Reply.json(404, "{\"error\":\"nope\"}");
        });
        QuivaClient client = client(Credential.of("ms-0123456789abcdef"));

        client.listMachines().items();
        client.listMachines().items();

        List<StubServer.Recorded> reqs = server.requests();
        assertThat(reqs)
                .extracting(StubServer.Recorded::path)
                .containsExactly(
                        "/accounts/auth-with-api-key",
                        "/compute/machines",
                        "/compute/machines",
                        "/accounts/refresh-token",
                        "/compute/machines");
        assertThat(reqs.get(0).body()).isEqualTo("{\"api_key\":\"ms-0123456789abcdef\"}");
        assertThat(reqs.get(0).header("Authorization")).isNull();
        assertThat(reqs.get(1).header("Authorization")).isEqualTo("Bearer session-1");
        assertThat(reqs.get(3).body()).contains("\"auth_token\":\"session-1\"", "\"refresh_token\":\"refresh-1\"");
        assertThat(reqs.get(4).header("Authorization")).isEqualTo("Bearer session-2");
    }

    @Test
    void refusedRefreshFallsBackToNewExchange() {
        AtomicInteger exchanges = new AtomicInteger();
        AtomicInteger listCalls = new AtomicInteger();
        server.handler(r -> switch (r.path()) {
            case "/accounts/auth-with-api-key" ->
                Reply.ok("{\"data\":{\"auth_token\":\"session-" + exchanges.incrementAndGet()
                        + "\",\"refresh_token\":\"r\"}}");
            case "/accounts/refresh-token" -> Reply.json(401, "{\"error\":\"refresh token expired\"}");
            default ->
                listCalls.incrementAndGet() == 1
                        ? Reply.json(401, "{\"error\":\"expired\"}")
                        : Reply.ok("{\"body\":{\"results\":[]}}");
        });

        assertThat(client(Credential.apiKey("key-without-prefix"))
                        .listMachines()
                        .items())
                .isEmpty();

        assertThat(server.requests())
                .extracting(StubServer.Recorded::path)
                .containsExactly(
                        "/accounts/auth-with-api-key",
                        "/compute/machines",
                        "/accounts/refresh-token",
                        "/accounts/auth-with-api-key",
                        "/compute/machines");
        assertThat(server.requests().get(4).header("Authorization")).isEqualTo("Bearer session-2");
    }

    @Test
    void tokenCloseToJwtExpiryIsRefreshedBeforeTheCall() {
        String expiring = jwt(Instant.now().plusSeconds(10).getEpochSecond());
        String fresh = jwt(Instant.now().plusSeconds(3600).getEpochSecond());
        server.handler(r -> switch (r.path()) {
            case "/accounts/auth-with-api-key" ->
                Reply.ok("{\"data\":{\"auth_token\":\"" + expiring + "\",\"refresh_token\":\"r1\"}}");
            case "/accounts/refresh-token" ->
                Reply.ok("{\"data\":{\"auth_token\":\"" + fresh + "\",\"refresh_token\":\"r2\"}}");
            default -> Reply.ok("{\"body\":{\"results\":[]}}");
        });
        QuivaClient client = client(Credential.of("ms-key"));

        client.listMachines().items();
        client.listMachines().items();

        assertThat(server.requests())
                .extracting(StubServer.Recorded::path)
                .containsExactly(
                        "/accounts/auth-with-api-key",
                        "/compute/machines",
                        "/accounts/refresh-token",
                        "/compute/machines");
        assertThat(server.requests().get(1).header("Authorization")).isEqualTo("Bearer " + expiring);
        assertThat(server.requests().get(3).header("Authorization")).isEqualTo("Bearer " + fresh);
        assertThat(QuivaClient.jwtExpiry(fresh)).isAfter(Instant.now().plusSeconds(3000));
        assertThat(QuivaClient.jwtExpiry("not-a-jwt")).isNull();
    }

    @Test
    void plainTokenIsNotExchangedAnd401IsPermanentAuth() {
        server.replies(Reply.json(401, "{\"error\":\"unauthorized\"}"));

        assertThatThrownBy(() -> client(Credential.of("eyJhbGciOi.eyJzdWIi.sig"))
                        .listMachines()
                        .items())
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.AUTH));
        assertThat(server.requests()).hasSize(1);
    }

    private static String jwt(long exp) {
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        return enc.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + enc.encodeToString(("{\"sub\":\"acct\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8))
                + ".c2ln";
    }
}
