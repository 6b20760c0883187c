package io.computemirror.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.provider.StubServer.Reply;
import io.computemirror.provider.akua.AkuaClient;
import io.computemirror.provider.akua.AkuaSettings;
import io.computemirror.provider.clore.CloreClient;
import io.computemirror.provider.quiva.QuivaClient;

/** A sentinel secret must never show up in logs (at TRACE), exception messages or toString() output. */
class CredentialLeakTest {

    private static final String SENTINEL = "SENTINEL-5f0c";
    /** Also catches partial echoes, e.g. a parser quoting the token up to the dash. */
    private static final String PARTIAL = "SENTINEL";

    private static final String[] LOGGERS = {"io.computemirror", "io.smallrye"};

    private final List<String> captured = new CopyOnWriteArrayList<>();
    private final Map<String, Level> previousLevels = new java.util.HashMap<>();
    private Handler[] rootHandlers;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String msg = record instanceof ExtLogRecord ext
                    ? ext.getFormattedMessage()
                    : new SimpleFormatter().formatMessage(record);
            captured.add(record.getLoggerName() + " " + msg);
            if (record.getThrown() != null) {
                captured.add(stackTrace(record.getThrown()));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private StubServer server;

    @BeforeEach
    void start() throws Exception {
        server = new StubServer();
        for (String name : LOGGERS) {
            Logger logger = Logger.getLogger(name);
            previousLevels.put(name, logger.getLevel());
            logger.setLevel(Level.ALL);
        }
        handler.setLevel(Level.ALL);
        // Only the capturing handler while the test runs: TRACE for everything would flood the console.
        rootHandlers = Logger.getLogger("").getHandlers();
        for (Handler h : rootHandlers) {
            Logger.getLogger("").removeHandler(h);
        }
        Logger.getLogger("").addHandler(handler);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("").removeHandler(handler);
        for (Handler h : rootHandlers) {
            Logger.getLogger("").addHandler(h);
        }
        previousLevels.forEach((name, level) -> Logger.getLogger(name).setLevel(level));
        server.close();
    }

    @Test
    void sentinelNeverLeaks() {
        List<Throwable> failures = new ArrayList<>();
        List<Object> configs = new ArrayList<>();
        ResilienceSettings settings = TestAccounts.fast()
                .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(20))
                .withCircuitBreaker(4, 1.0, Duration.ofSeconds(30));

        // Quiva: API key exchange, 401, refresh, and error bodies that echo the secrets back.
        String sessionToken = SENTINEL + "-session";
        server.handler(r -> switch (r.path()) {
            case "/accounts/auth-with-api-key" ->
                Reply.ok("{\"data\":{\"auth_token\":\"" + sessionToken + "\",\"refresh_token\":\"" + SENTINEL
                        + "-refresh\"}}");
            case "/accounts/refresh-token" ->
                Reply.json(401, "{\"error\":\"refresh token " + SENTINEL + "-refresh is revoked\"}");
            default -> Reply.json(401, "{\"error\":\"token " + r.header("Authorization") + " rejected\"}");
        });
        ProviderAccount quiva = TestAccounts.builder(ProviderType.Quiva, server, Credential.of("ms-" + SENTINEL))
                .resilience(settings)
                .build();
        configs.add(quiva);
        failures.add(catchThrowable(() -> new QuivaClient(quiva).listMachines().items()));

        // Akua: echoing error bodies in both shapes, malformed JSON containing the secret, 5xx with retries.
        ProviderAccount akua = TestAccounts.builder(ProviderType.Akua, server, Credential.bearerToken(SENTINEL))
                .settings(new AkuaSettings("ws_1"))
                .resilience(settings)
                .build();
        configs.add(akua);
        AkuaClient akuaClient = new AkuaClient(akua);
        server.replies(Reply.json(
                409,
                "{\"success\":false,\"errors\":[{\"code\":7002,\"message\":\"etag mismatch for " + SENTINEL
                        + "\",\"metadata\":{\"token\":\"" + SENTINEL + "\"}}],\"result\":{}}"));
        failures.add(catchThrowable(() -> akuaClient.suspend("mch_1", "1", "key-1")));
        server.replies(Reply.json(403, "{\"error\":{\"code\":\"forbidden\",\"message\":\"Bearer " + SENTINEL + "\"}}"));
        failures.add(catchThrowable(() -> akuaClient.getMachine("mch_1")));
        server.replies(Reply.ok("{\"data\": [" + SENTINEL + "]}"));
        failures.add(catchThrowable(akuaClient::listMachines));
        server.replies(Reply.json(500, "<html>" + SENTINEL + "</html>"));
        failures.add(catchThrowable(akuaClient::listMachines));
        failures.add(catchThrowable(akuaClient::listMachines));
        failures.add(catchThrowable(akuaClient::listMachines));

        // Clore: a timeout and a rate limit.
        ProviderAccount clore = TestAccounts.builder(ProviderType.Clore, server, Credential.of(SENTINEL))
                .resilience(settings.withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300)))
                .build();
        configs.add(clore);
        server.replies(Reply.hang());
        failures.add(catchThrowable(() -> new CloreClient(clore).listOffers().items()));
        server.replies(Reply.json(429, "{\"error\":\"" + SENTINEL + "\"}").withHeader("Retry-After", "120"));
        failures.add(catchThrowable(() -> new CloreClient(clore).listOffers().items()));

        configs.add(Credential.of(SENTINEL));
        configs.add(ProviderHttp.Request.post(
                server.uri("/x"),
                "POST /x",
                Credential.of(SENTINEL),
                ProviderHttp.jsonWithSecrets(Map.of("api_key", Credential.of(SENTINEL)))));

        assertThat(failures).hasSize(9).allSatisfy(f -> assertThat(f).isInstanceOf(ProviderException.class));
        // The requests really carried the secret, so its absence below means redaction, not a dead path.
        assertThat(server.requests())
                .anySatisfy(r -> assertThat(r.header("Authorization")).contains(SENTINEL));
        assertThat(captured).as("log records were captured at TRACE").anySatisfy(l -> assertThat(l)
                .contains("GET /"));
        assertThat(captured).anySatisfy(l -> assertThat(l).contains("HTTP 409"));

        for (Throwable f : failures) {
            for (Throwable t = f; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(PARTIAL);
                assertThat(t.toString()).doesNotContain(PARTIAL);
            }
            assertThat(stackTrace(f)).doesNotContain(PARTIAL);
            if (f instanceof ProviderException pe) {
                assertThat(pe.details().values()).noneSatisfy(v -> assertThat(v).contains(PARTIAL));
                assertThat(pe.providerMessage().orElse("")).doesNotContain(PARTIAL);
            }
        }
        for (Object config : configs) {
            assertThat(config.toString()).doesNotContain(PARTIAL);
        }
        for (String line : captured) {
            assertThat(line).doesNotContain(PARTIAL);
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
