package io.computemirror.config;

import java.security.Security;

import org.jboss.logging.Logger;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.fabric8.kubernetes.client.Config;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Puts TLS's cryptography (AES-GCM above all) in native code: the Amazon Corretto Crypto Provider (AWS-LC) becomes
 * the first security provider, which the JDK's TLS then uses for every connection, to the API server and to the
 * providers alike.
 *
 * <p>Why: the operator's JVM runs with C1 only ({@code -XX:TieredStopAtLevel=1} in the chart, which keeps C2's code
 * and compiler memory out of the pod), and C1 has none of the JDK's AES and GHASH intrinsics: the JDK's AES-GCM runs
 * at about 40 MB/s there, the native one at about 900 MB/s. Every byte of every write and watch event passes through
 * it, which made it about a quarter of the operator's CPU in a cold sync (README, Performance).
 *
 * <p>Installed while the Kubernetes client's {@link Config} is made, that is before the client opens its first
 * connection (a connection keeps the ciphers of its handshake). Where the native library cannot load (a platform
 * other than the one the image was built for, no writable {@code java.io.tmpdir}), the JDK's providers stay as they
 * are and the log says why; {@code COMPUTEMIRROR_NATIVE_CRYPTO=false} keeps them on purpose.
 */
@Singleton
public class NativeTlsCrypto implements KubernetesConfigCustomizer {

    private static final Logger LOG = Logger.getLogger(NativeTlsCrypto.class);

    private final boolean enabled;

    @Inject
    NativeTlsCrypto(OperatorConfig config) {
        this(config.nativeCrypto());
    }

    NativeTlsCrypto(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void customize(Config ignored) {
        if (!enabled) {
            LOG.info("TLS crypto: the JDK's (computemirror.native-crypto=false)");
            return;
        }
        install();
    }

    /** Puts the native provider first unless it is there already; logs which crypto TLS will use, and why. */
    private static void install() {
        try {
            AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
            if (provider.getLoadingError() != null) {
                keepJdks(provider.getLoadingError());
                return;
            }
            provider.assertHealthy();
            if (Security.getProvider(provider.getName()) == null) {
                Security.insertProviderAt(provider, 1);
            }
            LOG.infof(
                    "TLS crypto: %s (%s)",
                    provider.getName() + " " + provider.getVersionStr(), provider.getAwsLcVersionStr());
        } catch (LinkageError | RuntimeException e) {
            // A class or native library that does not fit this platform: the JDK's providers do the same work, slower.
            keepJdks(e);
        }
    }

    private static void keepJdks(Throwable why) {
        LOG.warnf("TLS crypto: the JDK's; the native provider did not load: %s", why);
    }
}
