package io.computemirror.provider;

import java.net.URI;
import java.util.Objects;

/**
 * One provider account as the provider layer sees it: where to call, with which secret, with which provider settings
 * and how patiently. Its {@code toString()} never shows the secret (the {@link Credential} redacts itself).
 *
 * @param key stable account name used for circuit breakers and logs, e.g. {@code namespace/name}
 * @param type the provider's name as {@code spec.type} spells it ({@link ProviderKind#name()})
 * @param endpoint base URL as the provider documents it (see {@link ProviderKind#defaultEndpoint()})
 * @param settings the provider's own settings record, or null for its defaults
 * @param resilience timeouts, retries and circuit breaker; null for {@link ResilienceSettings#defaults()}
 * @param allowInsecureEndpoint permits {@code http://} endpoints (sandbox and tests only)
 * @param observer sees every request of the account (metrics); null for {@link RequestObserver#NONE}
 */
public record ProviderAccount(
        String key,
        String type,
        URI endpoint,
        Credential credential,
        ProviderSettings settings,
        ResilienceSettings resilience,
        boolean allowInsecureEndpoint,
        RequestObserver observer) {

    public ProviderAccount {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credential, "credential");
        resilience = resilience == null ? ResilienceSettings.defaults() : resilience;
        observer = observer == null ? RequestObserver.NONE : observer;
    }

    /** The same account with its requests seen by {@code value}. */
    public ProviderAccount observedBy(RequestObserver value) {
        return new ProviderAccount(key, type, endpoint, credential, settings, resilience, allowInsecureEndpoint, value);
    }

    /** The namespace part of a {@code namespace/name} key (the whole key when it has no slash). */
    public String namespace() {
        int slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    /** The name part of a {@code namespace/name} key (the whole key when it has no slash). */
    public String name() {
        return key.substring(key.indexOf('/') + 1);
    }

    /** The endpoint as text without a trailing slash, ready for documented paths to be appended. */
    public String baseUrl() {
        String s = endpoint.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** An account of the given kind at its documented endpoint, with default settings until told otherwise. */
    public static Builder builder(String key, ProviderKind<?> kind, Credential credential) {
        return new Builder(key, kind, credential);
    }

    /** Fluent construction with defaults for every optional setting. */
    public static final class Builder {
        private final String key;
        private final ProviderKind<?> kind;
        private final Credential credential;
        private URI endpoint;
        private ProviderSettings settings;
        private ResilienceSettings resilience;
        private boolean allowInsecureEndpoint;

        private Builder(String key, ProviderKind<?> kind, Credential credential) {
            this.key = key;
            this.kind = Objects.requireNonNull(kind, "kind");
            this.credential = credential;
        }

        public Builder endpoint(URI value) {
            this.endpoint = value;
            return this;
        }

        public Builder settings(ProviderSettings value) {
            this.settings = value;
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
            if (settings != null && !kind.settingsType().isInstance(settings)) {
                throw new IllegalArgumentException(
                        kind.name() + " accounts take " + kind.settingsType().getSimpleName() + ", not "
                                + settings.getClass().getSimpleName());
            }
            return new ProviderAccount(
                    key,
                    kind.name(),
                    endpoint == null ? kind.defaultEndpoint() : endpoint,
                    credential,
                    settings,
                    resilience,
                    allowInsecureEndpoint,
                    null);
        }
    }
}
