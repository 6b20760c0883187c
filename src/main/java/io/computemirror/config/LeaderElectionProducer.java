package io.computemirror.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Hands the operator SDK its leader election settings ({@code computemirror.leader-election.*}). The SDK looks the
 * bean up once at start (in the prod profile only); a null bean means no leader election.
 */
public class LeaderElectionProducer {

    private static final Logger LOG = Logger.getLogger(LeaderElectionProducer.class);

    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection(OperatorConfig config, LeaderMetrics metrics) {
        OperatorConfig.LeaderElection le = config.leaderElection();
        if (!le.enabled()) {
            LOG.info("Leader election is off (computemirror.leader-election.enabled=false): this replica reconciles");
            return null;
        }
        Optional<String> namespace = le.leaseNamespace().map(String::strip).filter(s -> !s.isEmpty());
        if (namespace.isEmpty()) {
            LOG.info("Leader election is off: no lease namespace (set POD_NAMESPACE or"
                    + " computemirror.leader-election.lease-namespace); this replica reconciles");
            return null;
        }
        String identity = le.identity()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .orElseGet(LeaderElectionProducer::defaultIdentity);
        LOG.infof(
                "Leader election on: Lease %s/%s, identity %s, lease duration %s; this replica reconciles only while it"
                        + " holds the Lease",
                namespace.get(), le.leaseName(), identity, le.leaseDuration());
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(le.leaseName())
                .withLeaseNamespace(namespace.get())
                .withIdentity(identity)
                .withLeaseDuration(le.leaseDuration())
                .withRenewDeadline(le.renewDeadline())
                .withRetryPeriod(le.retryPeriod())
                // The SDK's own exit-on-stop-leading calls System.exit also when the Lease is given up during a normal
                // shutdown, from the shutdown hook, which blocks the JVM until it is killed: exit ourselves instead.
                .withExitOnStopLeading(false)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> metrics.leading(true),
                        () -> {
                            metrics.leading(false);
                            stoppedLeading(identity);
                        },
                        leader -> {}))
                .build();
    }

    /** A replica that lost the Lease exits, so it can never reconcile next to the new leader. */
    static void stoppedLeading(String identity) {
        if (shuttingDown()) {
            LOG.infof("Leader election: %s stops leading because the operator shuts down", identity);
            return;
        }
        LOG.errorf(
                "Leader election: %s lost the Lease (not renewed in time); exiting so that it never reconciles next"
                        + " to the new leader",
                identity);
        System.exit(1);
    }

    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true; // "Shutdown in progress"
        }
    }

    /** Host name plus a random suffix, like client-go: two processes on one host never share an identity. */
    static String defaultIdentity() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "compute-mirror";
        }
        return host + "_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
