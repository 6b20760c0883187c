package io.computemirror.provider;

import java.time.Duration;

import io.computemirror.account.ProviderRegistry;
import io.computemirror.api.v1alpha1.ProviderType;

/** Accounts pointing at a {@link StubServer}, with short timeouts and no retries unless a test asks. */
public final class TestAccounts {

    private TestAccounts() {}

    /** Connect 1 s, read 2 s, no retries, a circuit breaker that does not open during ordinary tests. */
    public static ResilienceSettings fast() {
        return new ResilienceSettings(
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                0,
                Duration.ofMillis(20),
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                1000,
                1.0,
                Duration.ofSeconds(30));
    }

    public static ProviderAccount.Builder builder(ProviderType type, StubServer server, Credential credential) {
        // The documented base path (Akua's /v1), on the stub server.
        String base = kind(type).defaultEndpoint().getRawPath();
        return ProviderAccount.builder("ns/" + type.name().toLowerCase(), kind(type), credential)
                .endpoint(server.uri(base))
                .allowInsecureEndpoint(true)
                .resilience(fast());
    }

    /** The kind of a provider type, as the operator finds it. */
    public static ProviderKind<?> kind(ProviderType type) {
        return new ProviderRegistry().kind(type);
    }

    public static ProviderAccount account(ProviderType type, StubServer server) {
        return builder(type, server, Credential.of("test-token")).build();
    }
}
