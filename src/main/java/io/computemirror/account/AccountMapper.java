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
                ? ProviderAccount.defaultEndpoint(cp.getSpec().getType()).toString()
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

    static ProviderAccount account(ComputeProvider cp, String credential, boolean allowInsecure) {
        ComputeProviderSpec spec = cp.getSpec();
        ProviderAccount.Builder builder = ProviderAccount.builder(
                        ProviderAccounts.key(cp), spec.getType(), Credential.of(credential))
                .endpoint(URI.create(endpoint(cp)))
                .allowInsecureEndpoint(allowInsecure)
                .resilience(resilience(ProviderTimes.pollInterval(cp)));
        if (spec.getAkua() != null && spec.getAkua().getWorkspace() != null) {
            builder.akuaWorkspace(spec.getAkua().getWorkspace());
        }
        if (spec.getQuiva() != null) {
            builder.quivaFilter(spec.getQuiva().getFilter());
        }
        if (spec.getClore() != null) {
            ComputeProviderSpec.CloreSettings clore = spec.getClore();
            builder.cloreFilter(clore.getFilter());
            if (clore.getPageSize() != null) {
                builder.clorePageSize(clore.getPageSize());
            }
            if (clore.getMaxOffers() != null) {
                builder.maxOffers(clore.getMaxOffers());
            }
        }
        return builder.build();
    }
}
