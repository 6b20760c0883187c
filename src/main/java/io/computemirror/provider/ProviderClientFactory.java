package io.computemirror.provider;

/**
 * Builds the client of a provider account. A CDI bean, so a test can hand the sync and the actuation a fake client;
 * the operator's implementation asks {@code io.computemirror.account.ProviderRegistry} for the account's kind.
 * Callers check the endpoint policy first ({@code io.computemirror.account.ProviderAccounts}).
 */
public interface ProviderClientFactory {

    ProviderClient client(ProviderAccount account);
}
