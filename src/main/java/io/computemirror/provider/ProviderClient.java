package io.computemirror.provider;

/** A client bound to one provider account; see {@link ProviderClients#forAccount(ProviderAccount)}. */
public interface ProviderClient {

    ProviderAccount account();
}
