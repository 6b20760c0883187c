package io.computemirror.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts, retries and circuit-breaker limits for one provider account; {@link #defaults()} suits a poll every
 * 60 s.
 *
 * @param connectTimeout TCP/TLS connect timeout of every request
 * @param readTimeout time allowed for the whole response (headers and body) of one request
 * @param maxRetries retries of retryable failures within one call (0 = a single attempt)
 * @param initialBackoff first retry delay; doubled per retry, with jitter
 * @param maxBackoff upper bound of one exponential retry delay
 * @param maxInlineRetryAfter the longest {@code Retry-After} a call waits for itself; longer ones fail the call
 *        with {@link ProviderException.Kind#RATE_LIMITED} and {@link ProviderException#retryAfter()} set
 * @param circuitRequestVolume number of recent calls the circuit breaker looks at
 * @param circuitFailureRatio share of failures among those that opens the circuit
 * @param circuitDelay how long the circuit stays open before one probe request is let through
 */
public record ResilienceSettings(
        Duration connectTimeout,
        Duration readTimeout,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration maxInlineRetryAfter,
        int circuitRequestVolume,
        double circuitFailureRatio,
        Duration circuitDelay) {

    public ResilienceSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxInlineRetryAfter, "maxInlineRetryAfter");
        requirePositive(circuitDelay, "circuitDelay");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        if (circuitRequestVolume < 1) {
            throw new IllegalArgumentException("circuitRequestVolume must be >= 1, got " + circuitRequestVolume);
        }
        if (!(circuitFailureRatio > 0 && circuitFailureRatio <= 1)) {
            throw new IllegalArgumentException("circuitFailureRatio must be in (0, 1], got " + circuitFailureRatio);
        }
    }

    /** Connect 5 s, read 20 s, 2 retries from 200 ms up to 5 s, Retry-After waited up to 10 s, circuit 10 / 50% / 30 s. */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                2,
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                10,
                0.5,
                Duration.ofSeconds(30));
    }

    public ResilienceSettings withTimeouts(Duration connect, Duration read) {
        return new ResilienceSettings(
                connect,
                read,
                maxRetries,
                initialBackoff,
                maxBackoff,
                maxInlineRetryAfter,
                circuitRequestVolume,
                circuitFailureRatio,
                circuitDelay);
    }

    public ResilienceSettings withRetries(int retries, Duration initial, Duration max) {
        return new ResilienceSettings(
                connectTimeout,
                readTimeout,
                retries,
                initial,
                max,
                maxInlineRetryAfter,
                circuitRequestVolume,
                circuitFailureRatio,
                circuitDelay);
    }

    public ResilienceSettings withMaxInlineRetryAfter(Duration max) {
        return new ResilienceSettings(
                connectTimeout,
                readTimeout,
                maxRetries,
                initialBackoff,
                maxBackoff,
                max,
                circuitRequestVolume,
                circuitFailureRatio,
                circuitDelay);
    }

    public ResilienceSettings withCircuitBreaker(int requestVolume, double failureRatio, Duration delay) {
        return new ResilienceSettings(
                connectTimeout,
                readTimeout,
                maxRetries,
                initialBackoff,
                maxBackoff,
                maxInlineRetryAfter,
                requestVolume,
                failureRatio,
                delay);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
