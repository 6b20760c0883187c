package io.computemirror.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void parsesSecondsAndHttpDates() {
        assertThat(RetryAfter.parse("20", CLOCK)).contains(Duration.ofSeconds(20));
        assertThat(RetryAfter.parse("Wed, 02 Dec 2026 12:00:20 GMT", CLOCK)).contains(Duration.ofSeconds(20));
        assertThat(RetryAfter.parse("Wed, 02 Dec 2026 11:59:00 GMT", CLOCK)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("-1", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("in a while", CLOCK)).isEmpty();
    }

    @Test
    void theGateHoldsForTheLongestAskedWait() {
        RetryAfter gate = new RetryAfter();
        assertThat(gate.remaining()).isEmpty();
        gate.hold(Duration.ofSeconds(30));
        gate.hold(Duration.ofSeconds(5));
        assertThat(gate.remaining()).hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofSeconds(25)));
    }

    @Test
    void aControllerComesBackWhenTheProviderAskedIfThatIsLater() {
        ProviderException asked20 = new ProviderException(
                ProviderException.Kind.RATE_LIMITED,
                "ns/a",
                "GET /x",
                429,
                null,
                "slow down",
                Duration.ofSeconds(20),
                null,
                null);
        ProviderException asked1 = new ProviderException(
                ProviderException.Kind.RATE_LIMITED,
                "ns/a",
                "GET /x",
                429,
                null,
                "slow down",
                Duration.ofSeconds(1),
                null,
                null);
        assertThat(RetryAfter.nextAttempt(asked20, Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(20));
        assertThat(RetryAfter.nextAttempt(asked1, Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void backoffNeverUndercutsRetryAfter() {
        ProviderException asked = new ProviderException(
                ProviderException.Kind.RATE_LIMITED,
                "ns/a",
                "GET /x",
                429,
                null,
                "slow down",
                Duration.ofSeconds(3),
                null,
                null);
        var backoff = RetryAfter.backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(backoff.nextDelayInMillis(asked)).isGreaterThanOrEqualTo(3000);
        assertThat(backoff.nextDelayInMillis(new IllegalStateException())).isBetween(200L, 400L);
    }
}
