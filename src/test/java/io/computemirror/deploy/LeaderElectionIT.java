package io.computemirror.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.CrdFiles;
import io.computemirror.testing.OperatorProcess;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Two operator processes against one API server: only the Lease holder polls the provider and writes; the standby
 * is ready (warm caches) but idle; when the leader is killed (no Lease release), the standby takes over within the
 * lease duration plus 10 s and polls.
 */
@ExtendWith(ApiServerExtension.class)
class LeaderElectionIT {

    private static final String OPERATOR_NS = "compute-mirror";
    private static final String NS = "le";
    private static final String LEASE = "compute-mirror-leader";
    private static final Duration LEASE_DURATION = Duration.ofSeconds(5);
    /** Logged (DEBUG) by the reconciler after every successful poll of le/clore. */
    private static final String POLLED = "ComputeProvider le/clore: listed";

    @Test
    void onlyTheLeaderPollsAndWritesAndTheStandbyTakesOverWhenItDies(KubernetesClient client, TestApiServer server)
            throws Exception {
        CrdFiles.install(client);
        Cluster.namespace(client, OPERATOR_NS);
        Cluster.namespace(client, NS);
        Path work = Files.createTempDirectory("leader-election-it");

        try (CloreSimulator clore = new CloreSimulator().withOffers(5).start()) {
            Cluster.cloreAccount(client, NS, "clore", clore);
            try (OperatorProcess a =
                            OperatorProcess.start("operator-a", server.kubeConfigFile(), env("operator-a"), work);
                    OperatorProcess b =
                            OperatorProcess.start("operator-b", server.kubeConfigFile(), env("operator-b"), work)) {
                // Both start; whichever gets the Lease first leads.
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    assertThat(a.isAlive() && b.isAlive())
                            .as("both alive; logs:\n" + a.log() + "\n" + b.log())
                            .isTrue();
                    assertThat(Cluster.leaseHolder(client, OPERATOR_NS, LEASE)).isPresent();
                    assertThat(a.status("/q/health/ready")).as("a ready").isEqualTo(200);
                    assertThat(b.status("/q/health/ready"))
                            .as("b ready (a standby is ready too)")
                            .isEqualTo(200);
                });
                String holder = Cluster.leaseHolder(client, OPERATOR_NS, LEASE).orElseThrow();
                OperatorProcess leader = holder.equals(a.name()) ? a : b;
                OperatorProcess standby = leader == a ? b : a;
                assertThat(holder).isIn(a.name(), b.name());

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(client.resources(GpuOffer.class)
                                .inNamespace(NS)
                                .list()
                                .getItems())
                        .hasSize(5)
                        .allSatisfy(o -> assertThat(o.getStatus()).isNotNull()));
                // Let a few more polls happen (poll interval 10 s), then compare what each process did.
                int polledBefore = leader.logLines(POLLED).size();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> leader.logLines(POLLED).size() >= polledBefore + 2);
                assertThat(Cluster.leaseHolder(client, OPERATOR_NS, LEASE)).hasValue(leader.name());
                assertThat(standby.logLines(POLLED)).as("standby polls").isEmpty();
                assertThat(standby.log())
                        .as("standby log")
                        .doesNotContain("Writing ")
                        .doesNotContain("poll failed")
                        .contains("New leader with identity: " + leader.name());
                // Every poll the simulator served (5 offers: one page each) was one the leader logged; one may be
                // in flight between the request and the log line.
                int leaderPolls = leader.logLines(POLLED).size();
                assertThat(clore.requests().count("GET", CloreSimulator.PATH)).isBetween(leaderPolls, leaderPolls + 1);

                Instant killed = Instant.now();
                leader.kill();
                Duration takeover = LEASE_DURATION.plusSeconds(10);
                await().atMost(takeover).untilAsserted(() -> assertThat(Cluster.leaseHolder(client, OPERATOR_NS, LEASE))
                        .hasValue(standby.name()));
                await().atMost(takeover.minus(Duration.between(killed, Instant.now()))
                                .plusSeconds(1))
                        .untilAsserted(() -> {
                            assertThat(standby.logLines(POLLED)).isNotEmpty();
                            assertThat(Cluster.lastPoll(Cluster.provider(client, NS, "clore")))
                                    .isAfterOrEqualTo(killed.truncatedTo(ChronoUnit.SECONDS));
                        });
                assertThat(Duration.between(killed, Instant.now())).isLessThanOrEqualTo(takeover.plusSeconds(1));
                assertThat(standby.isAlive()).isTrue();
                long tookOver = Duration.between(killed, Instant.now()).toMillis();
                // The new leader shuts down promptly on SIGTERM (giving up the Lease must not block the JVM's exit).
                assertThat(standby.terminate(Duration.ofSeconds(10)))
                        .as("exited within 10 s of SIGTERM; log:\n" + standby.log())
                        .isTrue();
                assertThat(standby.log()).contains("stops leading because the operator shuts down");
                System.out.printf(
                        "[leader-election-it] %s led, %s took over %d ms after the kill%n",
                        leader.name(), standby.name(), tookOver);
            }
        }
    }

    private static Map<String, String> env(String podName) {
        return Map.of(
                "POD_NAMESPACE",
                OPERATOR_NS,
                "POD_NAME",
                podName,
                "QUARKUS_OPERATOR_SDK_NAMESPACES",
                NS,
                "COMPUTEMIRROR_ALLOW_INSECURE_ENDPOINTS",
                "true",
                "COMPUTEMIRROR_LEADER_ELECTION_LEASE_DURATION",
                LEASE_DURATION.toSeconds() + "s",
                "COMPUTEMIRROR_LEADER_ELECTION_RENEW_DEADLINE",
                "4s",
                "COMPUTEMIRROR_LEADER_ELECTION_RETRY_PERIOD",
                "1s",
                "QUARKUS_LOG_CATEGORY__IO_COMPUTEMIRROR__LEVEL",
                "DEBUG");
    }
}
