package io.computemirror.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointPolicyTest {

    /** Resolves names from a fixed table, like DNS would. */
    private static InetAddress[] resolve(String host) throws UnknownHostException {
        return switch (host) {
            case "api.akua.dev" -> new InetAddress[] {InetAddress.getByName("203.0.113.10")};
            case "sneaky.example" -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            case "meta.example" -> new InetAddress[] {InetAddress.getByName("169.254.169.254")};
            case "v6link.example" -> new InetAddress[] {InetAddress.getByName("fe80::1")};
            default -> {
                if (!host.matches("[0-9.]+")) {
                    throw new UnknownHostException(host);
                }
                yield InetAddress.getAllByName(host); // IP literals resolve to themselves, without DNS
            }
        };
    }

    @ParameterizedTest(name = "{0} (insecure allowed: {1}) -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "https://api.akua.dev/v1 | false | ",
                "http://api.akua.dev/v1 | false | is not https",
                "http://api.akua.dev/v1 | true | ",
                "https://sneaky.example | false | resolves to the local address 127.0.0.1",
                "https://meta.example | false | link-local or metadata address 169.254.169.254",
                "https://v6link.example | false | link-local or metadata address",
                "https://metadata.google.internal | false | cloud metadata service",
                "https://127.0.0.1:8443 | false | resolves to the local address",
                "http://127.0.0.1:18083/v1 | true | ",
                "https://user:pw@api.akua.dev | true | must not carry user info",
                "https://user:s3cret@api.akua.dev | false | https://api.akua.dev must not carry user info",
                "https://api.akua.dev/v1?token=x | true | must not carry user info, a query",
                "ftp://api.akua.dev | true | must be an absolute https URL",
                "https://unknown.example | false | "
            })
    void decides(String endpoint, boolean allowInsecure, String expectedRefusal) {
        var refusal = new EndpointPolicy(allowInsecure, EndpointPolicyTest::resolve).refusal(endpoint);
        if (expectedRefusal == null) {
            assertThat(refusal).isEmpty();
        } else {
            assertThat(refusal).hasValueSatisfying(r -> assertThat(r).contains(expectedRefusal));
        }
    }
}
