package io.computemirror.provider;

import java.net.URI;

/**
 * One provider as the core sees it: its name, where its API lives, its settings type, what it can do, and how to
 * build a client. Each provider package has exactly one implementation; the core finds it through
 * {@code io.computemirror.account.ProviderRegistry}.
 *
 * @param <S> the provider's settings record
 */
public interface ProviderKind<S extends ProviderSettings> {

    /** The provider's name as {@code spec.type} spells it, e.g. {@code Akua}; also {@link ProviderAccount#type()}. */
    String name();

    /** The base URL the provider documents, used when {@code spec.endpoint} is empty. */
    URI defaultEndpoint();

    Class<S> settingsType();

    Capabilities capabilities();

    /**
     * A new client for the account, whose {@link ProviderAccount#settings()} is an {@code S}. Keep it while the
     * account stays equal: its circuit breaker and Retry-After gate live in it.
     */
    ProviderClient client(ProviderAccount account);
}
