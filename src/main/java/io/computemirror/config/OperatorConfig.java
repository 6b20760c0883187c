package io.computemirror.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Operator-wide settings ({@code computemirror.*} in application.properties, or COMPUTEMIRROR_* environment variables). */
@ConfigMapping(prefix = "computemirror")
public interface OperatorConfig {

    /**
     * Allow http endpoints and endpoints that resolve to loopback, link-local or cloud metadata addresses.
     * Only for the sandbox, tests and local work (env COMPUTEMIRROR_ALLOW_INSECURE_ENDPOINTS=true).
     */
    @WithDefault("false")
    boolean allowInsecureEndpoints();

    /**
     * How many writes to the Kubernetes API the sync makes at once (per operator, across accounts). Each mirror's
     * own writes stay in order.
     */
    @WithDefault("16")
    int writeConcurrency();

    /**
     * TLS's cryptography in native code (Amazon Corretto Crypto Provider) rather than the JDK's, which without C2 is
     * slow (NativeTlsCrypto). COMPUTEMIRROR_NATIVE_CRYPTO=false keeps the JDK's.
     */
    @WithDefault("true")
    boolean nativeCrypto();

    /** Leader election among operator replicas (a Lease in the operator's namespace). */
    LeaderElection leaderElection();

    /**
     * Only the replica holding the Lease reconciles (polls providers, writes mirrors); the others keep their caches
     * warm and take over when the Lease expires. Leader election runs only when it is enabled and a lease namespace
     * is known: in a cluster the chart sets POD_NAMESPACE; a local {@code java -jar} without it runs without leader
     * election.
     */
    interface LeaderElection {

        /** COMPUTEMIRROR_LEADER_ELECTION_ENABLED=false turns leader election off. */
        @WithDefault("true")
        boolean enabled();

        /** Namespace of the Lease (defaults to POD_NAMESPACE, the operator's own namespace in a cluster). */
        Optional<String> leaseNamespace();

        @WithDefault("compute-mirror-leader")
        String leaseName();

        /** This replica's name in the Lease (defaults to POD_NAME; otherwise host name plus a random suffix). */
        Optional<String> identity();

        /** How long a Lease is valid without renewal: a standby takes over at most this long after the leader is gone. */
        @WithDefault("15s")
        Duration leaseDuration();

        /** How long the leader keeps retrying to renew before it gives up leading (and exits). */
        @WithDefault("10s")
        Duration renewDeadline();

        /** How often candidates try to acquire or renew the Lease. */
        @WithDefault("2s")
        Duration retryPeriod();
    }
}
