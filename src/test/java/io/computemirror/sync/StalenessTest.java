package io.computemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.ComputeProviderStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

class StalenessTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void staleAfterDefaultsToThreePollIntervals() {
        assertThat(Staleness.staleAfter(provider("10s", null, null))).isEqualTo(Duration.ofSeconds(30));
        assertThat(Staleness.staleAfter(provider(null, null, null))).isEqualTo(Duration.ofMinutes(3));
        assertThat(Staleness.staleAfter(provider("10s", "2m", null))).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void dataTurnsStaleOnceOlderThanStaleAfter() {
        Staleness s = Staleness.of(provider("10s", null, T0.toString()));
        assertThat(s.isStale(T0.plusSeconds(29))).isFalse();
        assertThat(s.untilStale(T0.plusSeconds(20))).contains(Duration.ofSeconds(10));
        assertThat(s.isStale(T0.plusSeconds(30))).isTrue();
        assertThat(s.untilStale(T0.plusSeconds(31))).isEmpty();
    }

    @Test
    void withoutASuccessfulPollTheDataIsStaleAtOnce() {
        assertThat(Staleness.of(provider("10s", null, null)).isStale(T0)).isTrue();
    }

    @Test
    void theMessageStaysTheSameForTheWholeOutage() {
        ComputeProvider cp = provider("10s", null, T0.toString());
        assertThat(Staleness.of(cp).message(cp))
                .isEqualTo(Staleness.of(cp).message(cp))
                .contains(T0.toString())
                .doesNotContain("Retry");
    }

    private static ComputeProvider provider(String poll, String staleAfter, String lastSuccess) {
        ComputeProvider cp = new ComputeProvider();
        cp.setMetadata(
                new ObjectMetaBuilder().withName("clore").withNamespace("ns").build());
        ComputeProviderSpec spec = new ComputeProviderSpec();
        spec.setPollInterval(poll);
        spec.setStaleAfter(staleAfter);
        cp.setSpec(spec);
        ComputeProviderStatus status = new ComputeProviderStatus();
        status.setLastSuccessTime(lastSuccess);
        cp.setStatus(status);
        return cp;
    }
}
