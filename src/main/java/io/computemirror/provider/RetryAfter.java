package io.computemirror.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Everything the project does with a provider's {@code Retry-After} (RFC 9110 §10.2.3), in one place:
 * <ul>
 * <li>{@link #parse}: delta seconds or an HTTP-date;</li>
 * <li>the per-account gate ({@link #hold}, {@link #remaining}): no request of the account is sent before the time the
 * provider asked for, whichever call was refused;</li>
 * <li>{@link #backoff}: the retry delays of the account's SmallRye Fault Tolerance guard, never shorter than a
 * Retry-After;</li>
 * <li>{@link #nextAttempt}: when a controller should come back to an account after a failed call.</li>
 * </ul>
 * One instance per account (it is the gate); the static parts are shared by both controllers.
 */
public final class RetryAfter {

    /** System.nanoTime() before which no request may be sent. */
    private final AtomicLong notBeforeNanos = new AtomicLong(System.nanoTime());

    /** Holds every request of the account back for {@code wait} (a longer earlier hold wins). */
    public void hold(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        notBeforeNanos.accumulateAndGet(until, Math::max);
    }

    /** How long requests are still held back, or empty when they may be sent. */
    public Optional<Duration> remaining() {
        long waitNanos = notBeforeNanos.get() - System.nanoTime();
        return waitNanos > 0 ? Optional.of(Duration.ofNanos(waitNanos)) : Optional.empty();
    }

    /** {@code Retry-After} as delta seconds or an HTTP-date; a date in the past means no wait. */
    public static Optional<Duration> parse(String value) {
        return parse(value, Clock.systemUTC());
    }

    static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * When to try an account again after {@code failure}: what the provider asked for when that is longer than
     * {@code usual}, else {@code usual}.
     */
    public static Duration nextAttempt(ProviderException failure, Duration usual) {
        return failure.retryAfter().filter(d -> d.compareTo(usual) > 0).orElse(usual);
    }

    /** Jittered exponential delays ("equal jitter") from {@code initial} up to {@code max}, never shorter than a Retry-After. */
    public static CustomBackoffStrategy backoff(Duration initial, Duration max) {
        return new Backoff(initial.toMillis(), max.toMillis());
    }

    private static final class Backoff implements CustomBackoffStrategy {
        private final long initialMillis;
        private final long maxMillis;
        private int retries;

        Backoff(long initialMillis, long maxMillis) {
            this.initialMillis = initialMillis;
            this.maxMillis = maxMillis;
        }

        @Override
        public long nextDelayInMillis(Throwable cause) {
            long exp = Math.min(maxMillis, initialMillis << Math.min(retries, 20));
            retries++;
            long jittered = exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
            if (cause instanceof ProviderException pe && pe.retryAfter().isPresent()) {
                // A few ms on top, so the gate has surely opened when the retry runs.
                return Math.max(jittered, pe.retryAfter().get().toMillis() + 5);
            }
            return jittered;
        }
    }
}
