package io.computemirror.kube;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Event;

/**
 * client-go's per-object spam filter: a token bucket for each involved object that holds {@value #BURST} Events and
 * refills one every {@link #REFILL} (five minutes), so an object that is always in trouble cannot write an Event every
 * poll for ever. Buckets live in an LRU of {@value KubeEventCorrelator#CACHE_ENTRIES} objects. Not thread-safe: the
 * one sender thread uses it.
 */
final class EventSpamFilter {

    /** Events an object may have in a row before the refill rate applies (client-go's defaultSpamBurst). */
    static final int BURST = 25;
    /** One token back every five minutes (client-go's defaultSpamQPS, 1/300). */
    static final Duration REFILL = Duration.ofMinutes(5);

    private final Clock clock;
    private final int burst;
    private final Duration refill;
    private final Map<String, Bucket> buckets;

    EventSpamFilter(Clock clock, int entries) {
        this(clock, entries, BURST, REFILL);
    }

    EventSpamFilter(Clock clock, int entries, int burst, Duration refill) {
        this.clock = clock;
        this.burst = burst;
        this.refill = refill;
        this.buckets = new LruMap<>(entries);
    }

    /** Whether the Event may be sent; takes a token from its object's bucket when it may. */
    boolean allows(Event event) {
        Instant now = clock.instant();
        Bucket bucket = buckets.computeIfAbsent(EventKeys.object(event), k -> new Bucket(burst, now));
        return bucket.take(now);
    }

    private final class Bucket {

        private double tokens;
        private Instant last;

        Bucket(double tokens, Instant last) {
            this.tokens = tokens;
            this.last = last;
        }

        boolean take(Instant now) {
            if (now.isAfter(last)) {
                double elapsed = Duration.between(last, now).toNanos();
                tokens = Math.min(burst, tokens + elapsed / refill.toNanos());
                last = now;
            }
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
