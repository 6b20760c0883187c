package io.computemirror.provider;

import java.net.URI;

/**
 * One provider, as the core sees it: its name as {@code spec.type} spells it, where its API lives by default, the
 * type of its settings, what it can do, and how to build a client for an account.
 *
 * @param <S> the provider's settings record
 */
public interface ProviderKind<S extends ProviderSettings> {

    /** The provider's name as {@code spec.type} spells it, e.g. {@code Akua}. */
    String name();

    /** The documented base URL, used when an account names none. */
    URI defaultEndpoint();

    Class<S> settingsType();

    Capabilities capabilities();

    /** A client for {@code account}, whose settings are an {@code S}; it implements the capabilities' interfaces. */
    ProviderClient client(ProviderAccount account);
}
