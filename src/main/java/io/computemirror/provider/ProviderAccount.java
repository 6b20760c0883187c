package io.computemirror.provider;

import java.net.URI;
import java.util.Objects;

import io.computemirror.api.v1alpha1.ComputeProviderSpec.CloreFilter;
import io.computemirror.api.v1alpha1.ComputeProviderSpec.QuivaFilter;
import io.computemirror.api.v1alpha1.ProviderType;

/**
 * One provider account as the provider layer sees it: where to call, with which secret, and how patiently.
 * Built with {@link #builder(String, ProviderType, Credential)}; its {@code toString()} never shows the secret.
 *
 * @param key stable account name used for circuit breakers and logs, e.g. {@code namespace/name}
 * @param endpoint base URL as the provider documents it (see {@link #defaultEndpoint(ProviderType)})
 * @param akuaWorkspace value of the Akua {@code akua-context} header ({@code ws_...}), or null
 * @param clorePageSize Clore {@code page_size} per request (1..1000)
 * @param maxOffers the most Clore offers one listing returns; listing stops there
 * @param allowInsecureEndpoint permits {@code http://} endpoints (sandbox and tests only)
 */
public record ProviderAccount(
        String key,
        ProviderType type,
        URI endpoint,
        Credential credential,
        String akuaWorkspace,
        QuivaFilter quivaFilter,
        CloreFilter cloreFilter,
        int clorePageSize,
        int maxOffers,
        ResilienceSettings resilience,
        boolean allowInsecureEndpoint) {

    /** Default Clore page size: large enough for few requests, small enough for modest responses. */
    public static final int DEFAULT_CLORE_PAGE_SIZE = 100;
    /** Default upper bound of offers per listing. */
    public static final int DEFAULT_MAX_OFFERS = 10_000;

    public ProviderAccount {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(credential, "credential");
        endpoint = endpoint == null ? defaultEndpoint(type) : endpoint;
        quivaFilter = quivaFilter == null ? new QuivaFilter() : quivaFilter;
        cloreFilter = cloreFilter == null ? new CloreFilter() : cloreFilter;
        resilience = resilience == null ? ResilienceSettings.defaults() : resilience;
        if (clorePageSize < 1 || clorePageSize > 1000) {
            throw new IllegalArgumentException("clorePageSize must be in 1..1000, got " + clorePageSize);
        }
        if (maxOffers < 1) {
            throw new IllegalArgumentException("maxOffers must be >= 1, got " + maxOffers);
        }
        if (akuaWorkspace != null && (akuaWorkspace.isBlank() || akuaWorkspace.length() > 53)) {
            throw new IllegalArgumentException("akuaWorkspace must be 1..53 characters (a ws_... id)");
        }
    }

    /** The documented base URL of a provider. */
    public static URI defaultEndpoint(ProviderType type) {
        return switch (type) {
            case Quiva -> URI.create("https://api.quiva.ai");
            case Clore -> URI.create("https://api.hiveon.ai");
            case Akua -> URI.create("https://api.akua.dev/v1");
        };
    }

    /** The endpoint as text without a trailing slash, ready for documented paths to be appended. */
    public String baseUrl() {
        String s = endpoint.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public static Builder builder(String key, ProviderType type, Credential credential) {
        return new Builder(key, type, credential);
    }

    /** A copy with other resilience settings. */
    public ProviderAccount withResilience(ResilienceSettings settings) {
        return new ProviderAccount(
                key,
                type,
                endpoint,
                credential,
                akuaWorkspace,
                quivaFilter,
                cloreFilter,
                clorePageSize,
                maxOffers,
                settings,
                allowInsecureEndpoint);
    }

    /** Fluent construction with defaults for every optional setting. */
    public static final class Builder {
        private final String key;
        private final ProviderType type;
        private final Credential credential;
        private URI endpoint;
        private String akuaWorkspace;
        private QuivaFilter quivaFilter;
        private CloreFilter cloreFilter;
        private int clorePageSize = DEFAULT_CLORE_PAGE_SIZE;
        private int maxOffers = DEFAULT_MAX_OFFERS;
        private ResilienceSettings resilience;
        private boolean allowInsecureEndpoint;

        private Builder(String key, ProviderType type, Credential credential) {
            this.key = key;
            this.type = type;
            this.credential = credential;
        }

        public Builder endpoint(URI value) {
            this.endpoint = value;
            return this;
        }

        public Builder akuaWorkspace(String value) {
            this.akuaWorkspace = value;
            return this;
        }

        public Builder quivaFilter(QuivaFilter value) {
            this.quivaFilter = value;
            return this;
        }

        public Builder cloreFilter(CloreFilter value) {
            this.cloreFilter = value;
            return this;
        }

        public Builder clorePageSize(int value) {
            this.clorePageSize = value;
            return this;
        }

        public Builder maxOffers(int value) {
            this.maxOffers = value;
            return this;
        }

        public Builder resilience(ResilienceSettings value) {
            this.resilience = value;
            return this;
        }

        public Builder allowInsecureEndpoint(boolean value) {
            this.allowInsecureEndpoint = value;
            return this;
        }

        public ProviderAccount build() {
            return new ProviderAccount(
                    key,
                    type,
                    endpoint,
                    credential,
                    akuaWorkspace,
                    quivaFilter,
                    cloreFilter,
                    clorePageSize,
                    maxOffers,
                    resilience,
                    allowInsecureEndpoint);
        }
    }
}
