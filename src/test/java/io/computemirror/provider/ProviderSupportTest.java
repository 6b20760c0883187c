package io.computemirror.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.computemirror.account.ProviderAccounts;
import io.computemirror.account.ProviderRegistry;
import io.computemirror.account.RegistryClientFactory;
import io.computemirror.provider.akua.AkuaClient;
import io.computemirror.provider.akua.AkuaKind;
import io.computemirror.provider.akua.AkuaSettings;
import io.computemirror.provider.clore.CloreClient;
import io.computemirror.provider.clore.CloreKind;
import io.computemirror.provider.clore.CloreSettings;
import io.computemirror.provider.quiva.QuivaClient;
import io.computemirror.provider.quiva.QuivaKind;

/** Table tests for the lenient value parsers, error-body shapes, credentials and the client factory. */
class ProviderSupportTest {

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "512.00 MB, 536870912",
                "512MB, 536870912",
                "1 GB, 1073741824",
                "1.5GiB, 1610612736",
                "2048, 2048",
                "64 kb, 65536",
                "lots, null",
                "null, null"
            })
    void memorySizes(String text, Long bytes) {
        assertThat(ProviderJson.memoryBytes(text)).isEqualTo(bytes);
    }

    @Test
    void epochSecondsAndMillis() {
        assertThat(ProviderJson.epoch(1752835200L)).isEqualTo(Instant.parse("2025-07-18T10:40:00Z"));
        assertThat(ProviderJson.epoch(1734567890000L)).isEqualTo(Instant.parse("2024-12-19T00:24:50Z"));
        assertThat(ProviderJson.epoch(0L)).isEqualTo(Instant.EPOCH);
        assertThat(ProviderJson.epoch(null)).isNull();
    }

    @Test
    void rfc3339Variants() {
        assertThat(ProviderJson.rfc3339("2025-07-07T12:19:37.195049286Z").getNano())
                .isEqualTo(195049286);
        assertThat(ProviderJson.rfc3339("2025-07-07T14:19:37+02:00")).isEqualTo(Instant.parse("2025-07-07T12:19:37Z"));
        assertThat(ProviderJson.rfc3339("yesterday")).isNull();
        assertThat(ProviderJson.rfc3339(" ")).isNull();
    }

    @Test
    void decimalsAndLooseBooleans() {
        assertThat(ProviderJson.decimal("0.00010337")).isEqualTo(new BigDecimal("0.00010337"));
        assertThat(ProviderJson.decimal(" 5 ")).isEqualTo(new BigDecimal("5"));
        assertThat(ProviderJson.decimal("five")).isNull();
        assertThat(ProviderJson.looseTrue("%strue")).isTrue();
        assertThat(ProviderJson.looseTrue("TRUE")).isTrue();
        assertThat(ProviderJson.looseTrue("%sfalse")).isFalse();
        assertThat(ProviderJson.looseTrue(null)).isFalse();
    }

    @Test
    void errorBodyShapes() {
        ProviderHttp.ParsedError spec = ErrorBodies.parse(
                "{\"success\":false,\"errors\":[{\"code\":7002,\"message\":\"Machine allocation conflicts.\","
                        + "\"path\":[\"body\",\"name\"],\"metadata\":{\"etag\":\"43\"}},{\"code\":1,\"message\":\"second\"}],\"result\":{}}");
        assertThat(spec.code()).isEqualTo("7002");
        assertThat(spec.message()).isEqualTo("Machine allocation conflicts. (at body.name); second");
        assertThat(spec.details()).containsEntry("etag", "43");

        ProviderHttp.ParsedError docs =
                ErrorBodies.parse("{\"error\":{\"code\":\"not_found\",\"message\":\"Install not found\"}}");
        assertThat(docs.code()).isEqualTo("not_found");
        assertThat(docs.message()).isEqualTo("Install not found");

        ProviderHttp.ParsedError plain = ErrorBodies.parse("{\"error\":\"Invalid task_id format\"}");
        assertThat(plain.code()).isNull();
        assertThat(plain.message()).isEqualTo("Invalid task_id format");

        assertThat(ErrorBodies.parse("{\"message\":\"nope\",\"code\":5}").message())
                .isEqualTo("nope");
        assertThat(ErrorBodies.parse("<html>")).isNull();
        assertThat(ErrorBodies.parse("{\"unrelated\":1}")).isNull();
        assertThat(ErrorBodies.parse("[]")).isNull();
    }

    @Test
    void credentialKindsAndRedaction() {
        assertThat(Credential.of("ms-abc123").isQuivaApiKey()).isTrue();
        assertThat(Credential.of("eyJhbGciOi.x.y").isQuivaApiKey()).isFalse();
        assertThat(Credential.apiKey("custom-key").isQuivaApiKey()).isTrue();
        assertThat(Credential.bearerToken("ms-but-a-token").isQuivaApiKey()).isFalse();
        assertThat(Credential.of("secret-value\n").redact("x secret-value y")).isEqualTo("x *** y");
        assertThat(Credential.of("secret-value").toString()).doesNotContain("secret");
        assertThatThrownBy(() -> Credential.of("  ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathAndQueryEncoding() {
        assertThat(PercentEncoding.pathSegment("mch_AZaz09-._~")).isEqualTo("mch_AZaz09-._~");
        assertThat(PercentEncoding.pathSegment("a/b:c d")).isEqualTo("a%2Fb%3Ac%20d");
        assertThat(PercentEncoding.queryValue("Nvidia RTX 3090", "")).isEqualTo("Nvidia%20RTX%203090");
        assertThat(PercentEncoding.queryValue("*", "*")).isEqualTo("*");
        assertThatThrownBy(() -> PercentEncoding.pathSegment("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registryBuildsTheClientOfTheType() {
        Credential c = Credential.of("token-123");
        ProviderClientFactory factory = new RegistryClientFactory(new ProviderRegistry());
        assertThat(factory.client(
                        ProviderAccount.builder("a/q", new QuivaKind(), c).build()))
                .isInstanceOf(QuivaClient.class);
        assertThat(factory.client(
                        ProviderAccount.builder("a/c", new CloreKind(), c).build()))
                .isInstanceOf(CloreClient.class);
        ProviderClient akua =
                factory.client(ProviderAccount.builder("a/a", new AkuaKind(), c).build());
        assertThat(akua).isInstanceOf(AkuaClient.class).isInstanceOf(OperationLifecycle.class);
        assertThat(akua.account().endpoint()).isEqualTo(URI.create("https://api.akua.dev/v1"));
        assertThat(OfferSource.of(factory.client(
                        ProviderAccount.builder("a/c", new CloreKind(), c).build())))
                .isInstanceOf(CloreClient.class);
        assertThatThrownBy(() -> MachineSource.of(factory.client(
                        ProviderAccount.builder("a/c", new CloreKind(), c).build())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accountDefaults() {
        ProviderAccount a = ProviderAccount.builder("ns/x", new CloreKind(), Credential.of("token-123"))
                .build();
        assertThat(a.endpoint()).isEqualTo(URI.create("https://api.hiveon.ai"));
        assertThat(a.type()).isEqualTo("Clore");
        assertThat(CloreSettings.defaults().pageSize()).isEqualTo(100);
        assertThat(CloreSettings.defaults().maxOffers()).isEqualTo(10_000);
        assertThat(a.resilience()).isEqualTo(ResilienceSettings.defaults());
        assertThat(a.toString()).doesNotContain("token-123");
        assertThatThrownBy(() -> new CloreSettings(null, 0, CloreSettings.DEFAULT_MAX_OFFERS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clorePageSize");
        assertThatThrownBy(() -> ProviderAccount.builder("ns/x", new CloreKind(), Credential.of("t"))
                        .settings(AkuaSettings.defaults())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CloreSettings");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://api.example.com",
                "https://user:pw@api.example.com",
                "https://169.254.169.254/v1",
                "https://metadata.google.internal/",
                "https://[fe80::1]/",
                "ftp://api.example.com"
            })
    void unsafeEndpointsAreRefused(String endpoint) {
        ProviderAccount a = ProviderAccount.builder("ns/x", new AkuaKind(), Credential.of("token-123"))
                .endpoint(URI.create(endpoint))
                .build();

        assertThatThrownBy(() -> ProviderAccounts.clientFor(a, new RegistryClientFactory(new ProviderRegistry())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ns/x")
                .hasMessageNotContaining("pw@");
    }

    @Test
    void httpIsAllowedWhenExplicitlyEnabled() {
        ProviderAccount a = ProviderAccount.builder("ns/x", new AkuaKind(), Credential.of("token-123"))
                .endpoint(URI.create("http://127.0.0.1:8080/v1"))
                .allowInsecureEndpoint(true)
                .build();

        assertThat(ProviderAccounts.clientFor(a, new RegistryClientFactory(new ProviderRegistry())))
                .isInstanceOf(AkuaClient.class);
    }
}
