package io.computemirror.sync;

import java.net.URI;
import java.time.Duration;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.provider.CloreFilter;
import io.computemirror.provider.Credential;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ResilienceSettings;
import io.computemirror.provider.ProviderType;
import io.computemirror.provider.QuivaFilter;

/** Translates a ComputeProvider (a Kubernetes object) into the provider layer's account settings. */
final class AccountMapper {

    private AccountMapper() {
    }

    /** The endpoint to call: spec.endpoint, or the provider's documented default. */
    static String endpoint(ComputeProvider cp) {
        String endpoint = cp.getSpec().getEndpoint();
        return endpoint == null || endpoint.isBlank()
                ? ProviderAccount.defaultEndpoint(type(cp.getSpec().getType())).toString()
                : endpoint;
    }

    static ProviderType type(io.computemirror.api.v1alpha1.ProviderType type) {
        return switch (type) {
            case Quiva -> ProviderType.QUIVA;
            case Clore -> ProviderType.CLORE;
            case Akua -> ProviderType.AKUA;
        };
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
        ProviderAccount.Builder builder = ProviderAccount
                .builder(cp.getMetadata().getNamespace() + "/" + cp.getMetadata().getName(), type(spec.getType()),
                        Credential.of(credential))
                .endpoint(URI.create(endpoint(cp)))
                .allowInsecureEndpoint(allowInsecure)
                .resilience(resilience(Durations.parse(spec.getPollInterval(), Duration.ofSeconds(60))));
        if (spec.getAkua() != null && spec.getAkua().getWorkspace() != null) {
            builder.akuaWorkspace(spec.getAkua().getWorkspace());
        }
        if (spec.getQuiva() != null && spec.getQuiva().getFilter() != null) {
            ComputeProviderSpec.QuivaFilter f = spec.getQuiva().getFilter();
            builder.quivaFilter(new QuivaFilter(f.getNamespace(), f.getRuntime(), f.getService(), f.getStatus()));
        }
        if (spec.getClore() != null) {
            ComputeProviderSpec.CloreSettings clore = spec.getClore();
            if (clore.getFilter() != null) {
                ComputeProviderSpec.CloreFilter f = clore.getFilter();
                builder.cloreFilter(new CloreFilter(f.getGpuName(), f.getMinMemoryGb(), f.getCpuName(), f.getMinCpuCores(),
                        f.getMinStorageGb(), f.getMachineStatus() == null ? null : f.getMachineStatus().name()));
            }
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
