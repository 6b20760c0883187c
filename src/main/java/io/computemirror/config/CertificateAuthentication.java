package io.computemirror.config;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.Utils;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import jakarta.inject.Singleton;

/**
 * Stops the Fabric8 client from reloading its whole configuration before every request when it authenticates with a
 * client certificate (a kubeconfig from kind, k3s or the test API server), as it does outside a cluster.
 * <p>
 * Fabric8's {@code TokenRefreshInterceptor} reloads the configuration (kubeconfig files, certificates, environment)
 * once a minute to pick up a rotated bearer token, but only counts a reload as done when it found a token. With a
 * client certificate there is none, so after the first minute every request reloads it: measured in the sync
 * benchmark, 11% of the operator's CPU during a cold sync of 10,000 offers. A token provider that has no token
 * ends that (the interceptor asks the provider instead of reloading). Only applied when the configuration has no
 * token, no token source (exec plugin, auth provider) and no basic auth, but a client certificate: a ServiceAccount
 * token in a pod, and every token-based kubeconfig, keep Fabric8's refresh as it is.
 */
@Singleton
public class CertificateAuthentication implements KubernetesConfigCustomizer {

    private static final Logger LOG = Logger.getLogger(CertificateAuthentication.class);

    @Override
    public void customize(Config config) {
        if (certificateOnly(config)) {
            config.setOauthTokenProvider(() -> null);
            LOG.debug("Kubernetes client authenticates with a client certificate: no token to refresh");
        }
    }

    static boolean certificateOnly(Config config) {
        boolean certificate = Utils.isNotNullOrEmpty(config.getClientCertData())
                || Utils.isNotNullOrEmpty(config.getClientCertFile());
        boolean tokenSource = Utils.isNotNullOrEmpty(config.getOauthToken())
                || Utils.isNotNullOrEmpty(config.getAutoOAuthToken())
                || config.getOauthTokenProvider() != null
                || config.getAuthProvider() != null
                || Utils.isNotNullOrEmpty(config.getUsername());
        return certificate && !tokenSource;
    }
}
