package io.computemirror.provider;

import io.computemirror.provider.akua.AkuaClient;
import io.computemirror.provider.clore.CloreClient;
import io.computemirror.provider.quiva.QuivaClient;

/**
 * Builds the client for a provider account. Build one client per account and keep it while the account's settings
 * stay the same: its circuit breaker and Retry-After gate live in it. The operator builds clients only through
 * {@code io.computemirror.account.ProviderAccounts}, which checks the endpoint policy first.
 */
public final class ProviderClients {

    private ProviderClients() {}

    /** The client for the account's type: {@link QuivaClient}, {@link CloreClient} or {@link AkuaClient}. */
    public static ProviderClient forAccount(ProviderAccount account) {
        return switch (account.type()) {
            case Quiva -> new QuivaClient(account);
            case Clore -> new CloreClient(account);
            case Akua -> new AkuaClient(account);
        };
    }

    /** The account's machine listing; fails for Clore, which lists offers instead. */
    public static MachineSource machineSource(ProviderAccount account) {
        return machines(forAccount(account));
    }

    /** The account's offer listing; fails for providers other than Clore. */
    public static OfferSource offerSource(ProviderAccount account) {
        return offers(forAccount(account));
    }

    /** The offer listing of a client; fails for providers other than Clore. */
    public static OfferSource offers(ProviderClient client) {
        if (client instanceof OfferSource source) {
            return source;
        }
        throw new IllegalArgumentException("provider type " + client.account().type() + " has no offers");
    }

    /** The machine listing of a client; fails for Clore, which lists offers instead. */
    public static MachineSource machines(ProviderClient client) {
        if (client instanceof MachineSource source) {
            return source;
        }
        throw new IllegalArgumentException(
                "provider type " + client.account().type() + " has no machines, only offers");
    }
}
