package io.computemirror.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** When leader election runs, and with which settings (a local java -jar without POD_NAMESPACE runs without it). */
class LeaderElectionProducerTest {

    private final LeaderElectionProducer producer = new LeaderElectionProducer();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private LeaderElectionConfiguration leaderElection(OperatorConfig config) {
        return producer.leaderElection(config, new LeaderMetrics(registry, config));
    }

    private double leaderGauge() {
        return registry.get("computemirror.leader").gauge().value();
    }

    @Test
    void aSingleReplicaWithoutLeaderElectionIsTheLeader() {
        leaderElection(config(false, Optional.of("compute-mirror"), Optional.of("pod-0")));
        assertThat(leaderGauge()).isEqualTo(1);
    }

    @Test
    void aReplicaIsLeaderOnlyOnceItHoldsTheLease() {
        LeaderElectionConfiguration le = leaderElection(config(true, Optional.of("ns"), Optional.of("pod-0")));
        assertThat(leaderGauge()).isZero();

        le.getLeaderCallbacks().orElseThrow().onStartLeading();

        assertThat(leaderGauge()).isEqualTo(1);
    }

    @Test
    void offWithoutALeaseNamespaceSoALocalRunNeedsNoLease() {
        assertThat(leaderElection(config(true, Optional.empty(), Optional.empty())))
                .isNull();
        assertThat(leaderElection(config(true, Optional.of("  "), Optional.empty())))
                .isNull();
    }

    @Test
    void offWhenDisabledEvenWithANamespace() {
        assertThat(leaderElection(config(false, Optional.of("compute-mirror"), Optional.of("pod-0"))))
                .isNull();
    }

    @Test
    void onWithTheLeaseInTheGivenNamespaceAndTheSettings() {
        LeaderElectionConfiguration le =
                leaderElection(config(true, Optional.of("compute-mirror"), Optional.of("compute-mirror-7d9f-abcde")));
        assertThat(le.getLeaseNamespace()).hasValue("compute-mirror");
        assertThat(le.getLeaseName()).isEqualTo("compute-mirror-leader");
        assertThat(le.getIdentity()).hasValue("compute-mirror-7d9f-abcde");
        assertThat(le.getLeaseDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(le.getRenewDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(le.getRetryPeriod()).isEqualTo(Duration.ofSeconds(2));
        // Exiting after a lost Lease is done by our callback, which also knows not to exit during a shutdown.
        assertThat(le.isExitOnStopLeading()).isFalse();
        assertThat(le.getLeaderCallbacks()).isPresent();
    }

    @Test
    void withoutPodNameTwoProcessesOnOneHostGetDifferentIdentities() {
        String a = leaderElection(config(true, Optional.of("ns"), Optional.empty()))
                .getIdentity()
                .orElseThrow();
        String b = leaderElection(config(true, Optional.of("ns"), Optional.empty()))
                .getIdentity()
                .orElseThrow();
        assertThat(a).isNotEqualTo(b);
    }

    private static OperatorConfig config(boolean enabled, Optional<String> namespace, Optional<String> identity) {
        OperatorConfig.LeaderElection le = new OperatorConfig.LeaderElection() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public Optional<String> leaseNamespace() {
                return namespace;
            }

            @Override
            public String leaseName() {
                return "compute-mirror-leader";
            }

            @Override
            public Optional<String> identity() {
                return identity;
            }

            @Override
            public Duration leaseDuration() {
                return Duration.ofSeconds(15);
            }

            @Override
            public Duration renewDeadline() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration retryPeriod() {
                return Duration.ofSeconds(2);
            }
        };
        return new OperatorConfig() {
            @Override
            public boolean allowInsecureEndpoints() {
                return false;
            }

            @Override
            public int writeConcurrency() {
                return 16;
            }

            @Override
            public boolean nativeCrypto() {
                return true;
            }

            @Override
            public LeaderElection leaderElection() {
                return le;
            }
        };
    }
}
