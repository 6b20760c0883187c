package io.computemirror.provider;


import io.computemirror.provider.akua.AkuaClient;
import io.computemirror.provider.clore.CloreClient;
import io.computemirror.provider.quiva.QuivaClient;

/**
 * Builds the client for a provider account after checking its endpoint. Build one client per account and keep
 * it while the account's settings stay the same: its circuit breaker and Retry-After gate live in it.
 */
public final class ProviderClients {


    private ProviderClients() {
    }

    /** The client for the account's type: {@link QuivaClient}, {@link CloreClient} or {@link AkuaClient}. */
    public static ProviderClient forAccount(ProviderAccount account) {
        validateEndpoint(account);
        return switch (account.type()) {
            case QUIVA -> new QuivaClient(account);
            case CLORE -> new CloreClient(account);
            case AKUA -> new AkuaClient(account);
        };
    }

    /** The account's machine listing; fails for Clore, which lists offers instead. */
    public static MachineSource machineSource(ProviderAccount account) {
        if (forAccount(account) instanceof MachineSource source) {
            return source;
        }
        throw new IllegalArgumentException("provider type " + account.type() + " has no machines, only offers");
    }

    /** The account's offer listing; fails for providers other than Clore. */
    public static OfferSource offerSource(ProviderAccount account) {
        if (forAccount(account) instanceof OfferSource source) {
            return source;
        }
        throw new IllegalArgumentException("provider type " + account.type() + " has no offers");
    }

    /**
     * Refuses endpoints that are not https (unless {@code allowInsecureEndpoint}), carry user info, or reach
     * loopback, link-local or cloud metadata addresses; see {@link EndpointPolicy}.
     */
    public static void validateEndpoint(ProviderAccount account) {
        new EndpointPolicy(account.allowInsecureEndpoint()).refusal(account.endpoint().toString()).ifPresent(reason -> {
            throw new IllegalArgumentException("provider account " + account.key() + ": " + reason);
        });
    }
}
