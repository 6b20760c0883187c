package io.computemirror.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.provider.Credential;
import io.computemirror.provider.ProviderException;
import io.computemirror.provider.ResilienceSettings;
import io.computemirror.provider.StubServer;
import io.computemirror.provider.StubServer.Reply;
import io.computemirror.provider.TestAccounts;
import io.computemirror.provider.quiva.QuivaClient;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The per-request metrics of one account, fed by a real client against a stub provider. */
class ProviderRequestMetricsTest {

    private static final String EMPTY = "{\"body\":{\"results\":[],\"results_total\":0}}";

    private StubServer server;
    private SimpleMeterRegistry registry;
    private ProviderRequestMetrics metrics;

    @BeforeEach
    void start() throws Exception {
        server = new StubServer();
        registry = new SimpleMeterRegistry();
        metrics = new ProviderRequestMetrics(registry);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private QuivaClient client(ResilienceSettings settings) {
        return new QuivaClient(TestAccounts.builder(ProviderType.Quiva, server, Credential.of("test-token"))
                .resilience(settings)
                .build()
                .observedBy(metrics));
    }

    private double requests(String outcome) {
        return registry
                .find(ProviderRequestMetrics.REQUESTS)
                .tags("namespace", "ns", "computeprovider", "quiva", "type", "Quiva", "operation", "list")
                .tag("outcome", outcome)
                .counters()
                .stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private double circuit(String state) {
        return registry.get(ProviderRequestMetrics.CIRCUIT_STATE)
                .tags("computeprovider", "quiva", "state", state)
                .gauge()
                .value();
    }

    @Test
    void aSuccessfulListIsCountedTimedAndSized() {
        server.replies(Reply.ok(EMPTY));

        client(TestAccounts.fast()).listMachines();

        assertThat(requests("2xx")).isEqualTo(1);
        assertThat(registry.get(ProviderRequestMetrics.DURATION)
                        .tags("computeprovider", "quiva", "operation", "list")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(ProviderRequestMetrics.RESPONSE_BYTES)
                        .tags("computeprovider", "quiva", "operation", "list")
                        .counter()
                        .count())
                .isEqualTo(EMPTY.length());
        assertThat(circuit("closed")).isEqualTo(1);
        assertThat(circuit("open")).isZero();
    }

    @Test
    void a429WithRetryAfterIsCountedAsARetryThatWaited() {
        server.replies(Reply.json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "1"), Reply.ok(EMPTY));

        client(TestAccounts.fast().withRetries(1, Duration.ofMillis(20), Duration.ofMillis(100)))
                .listMachines();

        assertThat(requests("429")).isEqualTo(1);
        assertThat(requests("2xx")).isEqualTo(1);
        assertThat(registry.get(ProviderRequestMetrics.RETRIES)
                        .tags("computeprovider", "quiva", "operation", "list")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(ProviderRequestMetrics.RETRY_AFTER_WAITS)
                        .tags("computeprovider", "quiva")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void serverErrorsAndTheOpenCircuitAreShown() {
        server.replies(Reply.json(500, "{\"error\":\"oops\"}"));
        ResilienceSettings tripsAtOnce = TestAccounts.fast().withCircuitBreaker(2, 0.5, Duration.ofSeconds(30));
        QuivaClient client = client(tripsAtOnce);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(client::listMachines).isInstanceOf(ProviderException.class);
        }

        assertThat(requests("5xx")).isEqualTo(2);
        assertThat(circuit("open")).isEqualTo(1);
        assertThat(circuit("closed")).isZero();
    }

    @Test
    void anUnreachableProviderIsAConnectionOutcome() {
        server.close();

        assertThatThrownBy(client(TestAccounts.fast())::listMachines).isInstanceOf(ProviderException.class);

        assertThat(requests("connection")).isEqualTo(1);
    }

    @Test
    void forgetRemovesTheAccountsSeriesOnly() {
        server.replies(Reply.ok(EMPTY));
        client(TestAccounts.fast()).listMachines();
        metrics.circuitState(
                TestAccounts.account(ProviderType.Akua, server).observedBy(metrics),
                io.computemirror.provider.RequestObserver.CircuitState.CLOSED);

        metrics.forget("ns", "quiva");

        assertThat(registry.getMeters().stream().map(Meter::getId))
                .noneMatch(id -> "quiva".equals(id.getTag("computeprovider")))
                .anyMatch(id -> "akua".equals(id.getTag("computeprovider")));
    }
}
