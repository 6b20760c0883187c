package io.computemirror.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;

class CertificateAuthenticationTest {

    private final CertificateAuthentication customizer = new CertificateAuthentication();

    @Test
    void aClientCertificateStopsTheReloadBeforeEveryRequest() {
        CountingConfig config = new CountingConfig();
        config.setClientCertData("Y2VydA==");
        TokenRefreshInterceptor interceptor = new TokenRefreshInterceptor(config, Instant.EPOCH, c -> null);

        interceptor.before(new Headers(), request(), null);
        assertEquals(1, config.refreshes.get(), "without the customizer Fabric8 reloads its configuration");
        interceptor.before(new Headers(), request(), null);
        assertEquals(2, config.refreshes.get(), "and again at the next request: no token was found");

        customizer.customize(config);
        for (int i = 0; i < 5; i++) {
            Headers headers = new Headers();
            interceptor.before(headers, request(), null);
            assertNull(headers.authorization, "no bearer token is sent with a client certificate");
        }
        assertEquals(2, config.refreshes.get(), "no reload after the customizer");
    }

    @Test
    void tokensKeepFabric8sRefresh() {
        Config serviceAccount = Config.empty();
        serviceAccount.setClientCertData("Y2VydA==");
        serviceAccount.setAutoOAuthToken("projected-token");
        customizer.customize(serviceAccount);
        assertNull(serviceAccount.getOauthTokenProvider(), "a ServiceAccount token rotates: keep the refresh");

        Config userToken = Config.empty();
        userToken.setOauthToken("user-token");
        customizer.customize(userToken);
        assertNull(userToken.getOauthTokenProvider());

        Config basic = Config.empty();
        basic.setClientCertData("Y2VydA==");
        basic.setUsername("admin");
        basic.setPassword("secret");
        assertFalse(CertificateAuthentication.certificateOnly(basic));

        Config nothing = Config.empty();
        customizer.customize(nothing);
        assertNull(nothing.getOauthTokenProvider(), "no certificate, nothing to decide");
    }

    @Test
    void aCertificateFileCountsLikeCertificateData() {
        Config config = Config.empty();
        config.setClientCertFile("/etc/kubernetes/client.crt");
        assertTrue(CertificateAuthentication.certificateOnly(config));
        customizer.customize(config);
        assertNotNull(config.getOauthTokenProvider());
        assertNull(config.getOauthTokenProvider().getToken());
    }

    private static HttpRequest request() {
        return new StandardHttpRequest.Builder()
                .uri(URI.create("https://127.0.0.1:6443/api"))
                .build();
    }

    /** A configuration that counts Fabric8's reloads instead of reading files. */
    private static final class CountingConfig extends Config {
        final AtomicInteger refreshes = new AtomicInteger();

        CountingConfig() {
            super(false);
        }

        @Override
        public Config refresh() {
            refreshes.incrementAndGet();
            return Config.empty();
        }
    }

    private static final class Headers implements BasicBuilder {
        String authorization;

        @Override
        public BasicBuilder uri(URI uri) {
            return this;
        }

        @Override
        public BasicBuilder header(String name, String value) {
            if ("Authorization".equals(name)) {
                authorization = value;
            }
            return this;
        }

        @Override
        public BasicBuilder setHeader(String name, String value) {
            return header(name, value);
        }
    }
}
