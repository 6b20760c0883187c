package io.computemirror.provider;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

import io.computemirror.provider.akua.AkuaClient;
import io.computemirror.provider.clore.CloreClient;
import io.computemirror.provider.quiva.QuivaClient;

/**
 * Builds the client for a provider account after checking its endpoint. Build one client per account and keep
 * it while the account's settings stay the same: its circuit breaker and Retry-After gate live in it.
 */
public final class ProviderClients {

    private static final Set<String> METADATA_HOSTS = Set.of("metadata", "metadata.google.internal",
            "metadata.azure.com", "instance-data", "instance-data.ec2.internal");

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
     * Refuses endpoints that are not https (unless {@code allowInsecureEndpoint}), carry user-info (credentials
     * belong in the Secret), or point at link-local or cloud metadata addresses. Only IP literals are checked for
     * link-local ranges: names are not resolved here.
     */
    public static void validateEndpoint(ProviderAccount account) {
        URI uri = account.endpoint();
        String where = "provider account " + account.key() + ": endpoint " + safe(uri);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && account.allowInsecureEndpoint())) {
            throw new IllegalArgumentException(where + " must use https (http is allowed only for the sandbox and tests)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(where + " must not contain user-info; put the credential in the Secret");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(where + " has no host");
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (METADATA_HOSTS.contains(h)) {
            throw new IllegalArgumentException(where + " points at a cloud metadata service");
        }
        if (isIpLiteral(h)) {
            try {
                InetAddress addr = InetAddress.getByName(h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
                if (addr.isLinkLocalAddress() || addr.isAnyLocalAddress() || addr.isMulticastAddress()) {
                    throw new IllegalArgumentException(where + " is a link-local, wildcard or multicast address");
                }
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(where + " has an invalid IP address", e);
            }
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }

    private static String safe(URI uri) {
        // Never echo user-info (it may hold a password) into an error message.
        return (uri.getScheme() == null ? "" : uri.getScheme() + "://") + (uri.getHost() == null ? "?" : uri.getHost())
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
