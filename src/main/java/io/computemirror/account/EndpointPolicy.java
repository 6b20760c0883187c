package io.computemirror.account;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether the operator may send credentials to an endpoint: https only, and never to an address that
 * would reach the operator's own node or a cloud metadata service, unless insecure endpoints are allowed.
 */
public final class EndpointPolicy {

    private static final Set<String> METADATA_HOSTS = Set.of(
            "metadata.google.internal",
            "metadata.goog",
            "metadata.azure.com",
            "instance-data",
            "instance-data.ec2.internal");
    private static final Set<String> METADATA_ADDRESSES =
            Set.of("169.254.169.254", "169.254.170.2", "fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

    private final boolean allowInsecure;
    private final Resolver resolver;

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public EndpointPolicy(boolean allowInsecure) {
        this(allowInsecure, InetAddress::getAllByName);
    }

    public EndpointPolicy(boolean allowInsecure, Resolver resolver) {
        this.allowInsecure = allowInsecure;
        this.resolver = resolver;
    }

    /** Empty when the endpoint may be used; otherwise why not, worded for a status condition (never with user info). */
    public Optional<String> refusal(String endpointText) {
        URI uri;
        try {
            uri = new URI(endpointText);
        } catch (URISyntaxException e) {
            return Optional.of("endpoint is not a valid URL: " + e.getReason().replace(endpointText, "…"));
        }
        String endpoint = withoutUserInfo(uri);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of(
                    "endpoint " + endpoint + " must be an absolute https URL such as https://api.akua.dev/v1");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("endpoint " + endpoint + " must not carry user info, a query or a fragment");
        }
        if (allowInsecure) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of(
                    "endpoint " + endpoint + " is not https; plain http is only allowed when the operator runs"
                            + " with computemirror.allow-insecure-endpoints=true (sandbox and tests)");
        }
        if (METADATA_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
            return Optional.of("endpoint host " + host + " is a cloud metadata service");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            // Not refused: an unresolvable host is a provider availability problem, reported by the poll.
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
                return Optional.of(
                        "endpoint host " + host + " resolves to the local address " + address.getHostAddress());
            }
            if (address.isLinkLocalAddress() || METADATA_ADDRESSES.contains(address.getHostAddress())) {
                return Optional.of("endpoint host " + host + " resolves to the link-local or metadata address "
                        + address.getHostAddress());
            }
        }
        return Optional.empty();
    }

    /** The URI as text with any user info left out, safe for messages. */
    public static String withoutUserInfo(URI uri) {
        return (uri.getScheme() == null ? "" : uri.getScheme() + "://")
                + (uri.getHost() == null ? "" : uri.getHost())
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
