package io.computemirror.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.provider.StubServer.Reply;
import io.computemirror.provider.quiva.QuivaClient;
import io.computemirror.provider.quiva.QuivaKind;

/** Timeouts, retries, Retry-After and the circuit breaker, exercised through the Quiva client. */
class ResilienceTest {

    private static final String EMPTY = "{\"body\":{\"results\":[],\"results_total\":0}}";
    private static final long TWO_SECONDS_NANOS = TimeUnit.SECONDS.toNanos(2);

    private StubServer server;

    @BeforeEach
    void start() throws Exception {
        server = new StubServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private QuivaClient client(ResilienceSettings settings) {
        return new QuivaClient(TestAccounts.builder(ProviderType.Quiva, server, Credential.of("test-token"))
                .resilience(settings)
                .build());
    }

    private static ResilienceSettings withRetries(int retries) {
        return TestAccounts.fast().withRetries(retries, Duration.ofMillis(20), Duration.ofMillis(100));
    }

    @Test
    void retryableErrorsAreRetriedWithBackoff() {
        server.replies(
                Reply.json(503, "{\"error\":\"busy\"}"), Reply.json(500, "{\"error\":\"oops\"}"), Reply.ok(EMPTY));

        assertThat(client(withRetries(2)).listMachines().items()).isEmpty();

        List<StubServer.Recorded> reqs = server.requests();
        assertThat(reqs).hasSize(3);
        // Equal jitter: at least half of the 20 ms base delay between attempts.
        assertThat(reqs.get(1).nanos() - reqs.get(0).nanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
    }

    @Test
    void permanentErrorsAreNotRetried() {
        server.replies(Reply.json(400, "{\"error\":\"bad filter\"}"), Reply.ok(EMPTY));

        assertThatThrownBy(() -> client(withRetries(3)).listMachines().items())
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind())
                        .isEqualTo(ProviderException.Kind.BAD_REQUEST));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void retriesGiveUpWithTheLastError() {
        server.replies(Reply.json(502, "{\"error\":\"gateway\"}"));

        assertThatThrownBy(() -> client(withRetries(2)).listMachines().items())
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR);
                    assertThat(e.httpStatus()).isEqualTo(502);
                });
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void retryAfterSecondsDelaysTheRetry() {
        server.replies(Reply.json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "2"), Reply.ok(EMPTY));

        assertThat(client(withRetries(2)).listMachines().items()).isEmpty();

        List<StubServer.Recorded> reqs = server.requests();
        assertThat(reqs).hasSize(2);
        assertThat(reqs.get(1).nanos() - reqs.get(0).nanos()).isGreaterThanOrEqualTo(TWO_SECONDS_NANOS);
    }

    @Test
    void retryAfterHttpDateDelaysTheRetry() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        server.handler(r -> {
            if (calls.incrementAndGet() > 1) {
                return Reply.ok(EMPTY);
            }
            // HTTP-dates have whole seconds: 3 s after the request arrived, rounded down, is at least 2 s after it.
            String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3).truncatedTo(ChronoUnit.SECONDS));
            return Reply.json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", date);
        });

        assertThat(client(withRetries(2)).listMachines().items()).isEmpty();

        List<StubServer.Recorded> reqs = server.requests();
        assertThat(reqs).hasSize(2);
        assertThat(reqs.get(1).nanos() - reqs.get(0).nanos()).isGreaterThanOrEqualTo(TWO_SECONDS_NANOS);
    }

    @Test
    void withoutRetriesTheNextCallIsHeldBackUntilRetryAfterPassed() {
        server.replies(Reply.json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "2"), Reply.ok(EMPTY));
        QuivaClient client = client(TestAccounts.fast());

        assertThatThrownBy(client::listMachines).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        });
        // Immediately after: refused locally, nothing reaches the provider.
        assertThatThrownBy(client::listMachines).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
            assertThat(e.httpStatus()).isZero();
            assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive());
        });
        assertThat(server.requests()).hasSize(1);

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> client.listMachines().items().isEmpty());
        List<StubServer.Recorded> reqs = server.requests();
        assertThat(reqs).hasSize(2);
        assertThat(reqs.get(1).nanos() - reqs.get(0).nanos()).isGreaterThanOrEqualTo(TWO_SECONDS_NANOS);
    }

    @Test
    void longRetryAfterIsHandedToTheCallerInsteadOfWaitedFor() {
        server.replies(Reply.json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "3600"), Reply.ok(EMPTY));
        long start = System.nanoTime();

        assertThatThrownBy(() -> client(withRetries(3)).listMachines().items())
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void hangingServerFailsWithinTheReadTimeout() {
        server.replies(Reply.hang());
        ResilienceSettings settings = TestAccounts.fast().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500));
        long start = System.nanoTime();

        assertThatThrownBy(() -> client(settings).listMachines().items())
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT);
                    assertThat(e.isRetryable()).isTrue();
                });
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsedMillis).isBetween(400L, 1900L);
    }

    @Test
    void bodyThatStallsAfterHeadersAlsoTimesOut() throws Exception {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (java.net.Socket s = socket.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"body\":".getBytes());
                    s.getOutputStream().flush();
                    Thread.sleep(5000);
                } catch (java.io.IOException | InterruptedException e) {
                    // the test is over
                }
            });
            t.setDaemon(true);
            t.start();
            ProviderAccount account = ProviderAccount.builder("ns/stall", new QuivaKind(), Credential.of("test-token"))
                    .endpoint(java.net.URI.create("http://127.0.0.1:" + socket.getLocalPort()))
                    .allowInsecureEndpoint(true)
                    .resilience(TestAccounts.fast().withTimeouts(Duration.ofMillis(300), Duration.ofMillis(500)))
                    .build();
            long start = System.nanoTime();

            assertThatThrownBy(() -> new QuivaClient(account).listMachines().items())
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind())
                            .isEqualTo(ProviderException.Kind.TIMEOUT));
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
        }
    }

    @Test
    void refusedConnectionIsRetryableConnectionError() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProviderAccount account = ProviderAccount.builder("ns/down", new QuivaKind(), Credential.of("test-token"))
                .endpoint(java.net.URI.create("http://127.0.0.1:" + port))
                .allowInsecureEndpoint(true)
                .resilience(TestAccounts.fast())
                .build();

        assertThatThrownBy(() -> new QuivaClient(account).listMachines().items())
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONNECTION);
                    assertThat(e.isRetryable()).isTrue();
                });
    }

    @Test
    void circuitOpensAfterFailuresAndLetsOneProbeThroughAfterTheDelay() {
        server.replies(Reply.json(500, "{\"error\":\"down\"}"));
        ResilienceSettings settings = TestAccounts.fast().withCircuitBreaker(3, 1.0, Duration.ofMillis(700));
        QuivaClient client = client(settings);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(client::listMachines)
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind())
                            .isEqualTo(ProviderException.Kind.SERVER_ERROR));
        }
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(client::listMachines).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.kind()).isEqualTo(ProviderException.Kind.CIRCUIT_OPEN);
                assertThat(e.getMessage()).contains("circuit breaker is open");
            });
        }
        assertThat(server.requests()).hasSize(3);

        server.replies(Reply.ok(EMPTY));
        await().atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> client.listMachines().items().isEmpty());
        // Exactly one more request: the half-open probe, which closed the circuit again.
        assertThat(server.requests()).hasSize(4);
        assertThat(client.listMachines().items()).isEmpty();
        assertThat(server.requests()).hasSize(5);
    }

    @Test
    void permanentErrorsDoNotOpenTheCircuit() {
        server.replies(Reply.json(404, "{\"error\":\"no such namespace\"}"));
        QuivaClient client = client(TestAccounts.fast().withCircuitBreaker(2, 1.0, Duration.ofSeconds(30)));

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(client::listMachines)
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind())
                            .isEqualTo(ProviderException.Kind.NOT_FOUND));
        }
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void retryAfterParsing() {
        assertThat(RetryAfter.parse("2")).contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse(" 0 ")).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon")).isEmpty();
        assertThat(RetryAfter.parse(null)).isEmpty();
        String future = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        assertThat(RetryAfter.parse(future))
                .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(28), Duration.ofSeconds(30)));
    }
}
