package io.computemirror.account;

import java.net.URI;
import java.time.Duration;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.provider.Credential;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ResilienceSettings;

/** Translates a ComputeProvider (the Kubernetes resource) and its credential into a {@link ProviderAccount}. */
final class AccountMapper {

    private AccountMapper() {}

    /** The endpoint to call: spec.endpoint, or the provider's documented default. */
    static String endpoint(ComputeProvider cp) {
        String endpoint = cp.getSpec().getEndpoint();
        return endpoint == null || endpoint.isBlank()
                ? ProviderRegistry.defaultEndpoint(cp.getSpec().getType())
                : endpoint;
    }

    /**
     * The default resilience settings, with the circuit breaker's open time capped at half the poll interval: after
     * the provider recovers, the next poll gets through and the mirrors are Synced again within one poll.
     */
    static ResilienceSettings resilience(Duration pollInterval) {
        ResilienceSettings defaults = ResilienceSettings.defaults();
        Duration half = pollInterval.dividedBy(2);
        Duration delay = defaults.circuitDelay().compareTo(half) > 0 ? half : defaults.circuitDelay();
        return defaults.withCircuitBreaker(defaults.circuitRequestVolume(), defaults.circuitFailureRatio(), delay);
    }

    static ProviderAccount account(
            ComputeProvider cp, String credential, boolean allowInsecure, ProviderRegistry registry) {
        ComputeProviderSpec spec = cp.getSpec();
        return new ProviderAccount(
                ProviderAccounts.key(cp),
                registry.kind(spec.getType()).name(),
                URI.create(endpoint(cp)),
                Credential.of(credential),
                registry.settings(spec),
                resilience(ProviderTimes.pollInterval(cp)),
                allowInsecure,
                null);
    }
}
