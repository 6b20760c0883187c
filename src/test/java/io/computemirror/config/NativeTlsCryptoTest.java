package io.computemirror.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Security;
import java.util.Arrays;
import javax.crypto.Cipher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.Config;

/** The native provider goes first once, when enabled; disabled, the JDK's providers stay as they are. */
class NativeTlsCryptoTest {

    private static final String ACCP = "AmazonCorrettoCryptoProvider";

    @BeforeEach
    @AfterEach
    void jdkProvidersOnly() {
        Security.removeProvider(ACCP);
    }

    @Test
    void enabledItBecomesTheFirstProviderAndServesTlsCiphers() throws Exception {
        new NativeTlsCrypto(true).customize(Config.empty());

        assertThat(Security.getProviders()[0].getName()).isEqualTo(ACCP);
        assertThat(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName())
                .as("the provider TLS records are encrypted with")
                .isEqualTo(ACCP);
    }

    @Test
    void installingTwiceKeepsOneEntry() {
        NativeTlsCrypto crypto = new NativeTlsCrypto(true);
        crypto.customize(Config.empty());
        crypto.customize(Config.empty());

        assertThat(Arrays.stream(Security.getProviders())
                        .filter(p -> p.getName().equals(ACCP)))
                .hasSize(1);
    }

    @Test
    void disabledTheJdksProvidersStay() throws Exception {
        String[] before =
                Arrays.stream(Security.getProviders()).map(p -> p.getName()).toArray(String[]::new);

        new NativeTlsCrypto(false).customize(Config.empty());

        assertThat(Arrays.stream(Security.getProviders()).map(p -> p.getName())).containsExactly(before);
        assertThat(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName())
                .isEqualTo("SunJCE");
    }
}
