package io.computemirror.account;

import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderClient;
import io.computemirror.provider.ProviderClientFactory;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The operator's {@link ProviderClientFactory}: the client of the account's kind, from the {@link ProviderRegistry}.
 * A default bean, so a test that declares its own factory bean (a fake provider) replaces it.
 */
@ApplicationScoped
@DefaultBean
public class RegistryClientFactory implements ProviderClientFactory {

    private final ProviderRegistry registry;

    public RegistryClientFactory(ProviderRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ProviderClient client(ProviderAccount account) {
        return registry.kind(account.type())
                .orElseThrow(() -> new IllegalArgumentException(
                        "provider account " + account.key() + " has unknown type " + account.type()))
                .client(account);
    }
}
