package io.computemirror.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Security;
import javax.crypto.Cipher;

import org.junit.jupiter.api.Test;

import io.computemirror.testing.ApiServerProfile;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** The operator's client reaches a real API server over TLS with the native provider in place. */
@QuarkusTest
@TestProfile(ApiServerProfile.class)
class NativeTlsCryptoIT {

    @Inject
    KubernetesClient client;

    @Test
    void theOperatorsClientSpeaksTlsThroughTheNativeProvider() throws Exception {
        assertThat(client.getMasterUrl().getProtocol()).isEqualTo("https");
        // The client was built after NativeTlsCrypto ran, so its handshakes and records went through the provider.
        assertThat(client.namespaces().withName("default").get()).isNotNull();

        assertThat(Security.getProviders()[0].getName()).isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName())
                .isEqualTo("AmazonCorrettoCryptoProvider");
    }
}
