package io.computemirror.market.pricing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.computemirror.account.EndpointPolicy;
import io.computemirror.config.OperatorConfig;
import io.computemirror.provider.ProviderException;
import io.computemirror.provider.ResilienceSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The exchange rates of every rates endpoint in use, read in the background so a poll never waits for them. A poll
 * asks for a {@link #refresh} when it starts (before it lists the provider), and takes the newest answer when it
 * prices its offers ({@link #read}). Only a URL never read before makes the poll wait, for that first answer, so even
 * the first poll prices with the endpoint's rates. The last good answer of each URL is kept: when a read fails, those
 * rates stay in use (subject to the age bound, which retires them in time) and the failure is reported. A URL no poll
 * asked for within {@link #UNUSED_AFTER} is dropped with its circuit breaker.
 */
@ApplicationScoped
public class RatesCache {

    private static final Logger LOG = Logger.getLogger(RatesCache.class);
    static final Duration UNUSED_AFTER = Duration.ofHours(1);
    /** Longer than the HTTP boundary's own bound of one call (timeouts times attempts, plus backoff). */
    private static final Duration FIRST_READ_BOUND = Duration.ofSeconds(30);

    /** Rates read, and why the latest read failed (null when it did not). */
    public record Read(List<ExchangeRate> rates, String problem) {}

    /** One URL's endpoint, its newest answer and the read in flight. Guarded by itself. */
    private static final class Entry {
        private final RatesEndpoint endpoint;
        private Read latest;
        private List<ExchangeRate> lastGood = List.of();
        private Instant readAt = Instant.MIN;
        private Instant usedAt;
        private CompletableFuture<Read> inFlight;

        Entry(RatesEndpoint endpoint, Instant now) {
            this.endpoint = endpoint;
            this.usedAt = now;
        }
    }

    private final EndpointPolicy policy;
    private final ResilienceSettings resilience;
    private final Clock clock;
    private final ExecutorService readers = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "rates-reader");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Inject
    public RatesCache(OperatorConfig config) {
        this(new EndpointPolicy(config.allowInsecureEndpoints()), RatesEndpoint.RESILIENCE, Clock.systemUTC());
    }

    RatesCache(EndpointPolicy policy, ResilienceSettings resilience, Clock clock) {
        this.policy = policy;
        this.resilience = resilience;
        this.clock = clock;
    }

    /**
     * Starts reading {@code url} in the background unless a read is in flight or the newest answer is younger than
     * {@code freshFor}; returns at once.
     */
    public void refresh(String url, Duration freshFor) {
        Instant now = clock.instant();
        dropUnused(now);
        Entry entry = entries.computeIfAbsent(url, u -> new Entry(new RatesEndpoint(u, resilience), now));
        synchronized (entry) {
            entry.usedAt = now;
            if (entry.inFlight == null && !entry.readAt.plus(freshFor).isAfter(now)) {
                entry.inFlight = CompletableFuture.supplyAsync(() -> readNow(url, entry), readers);
            }
        }
    }

    /**
     * The newest answer for {@code url}: at once when there is one; for a URL not read yet, the first read's answer
     * (started here if no {@link #refresh} started it).
     */
    public Read read(String url) {
        refresh(url, Duration.ofDays(365));
        Entry entry = entries.get(url);
        if (entry == null) {
            return new Read(List.of(), "rates endpoint not read yet");
        }
        CompletableFuture<Read> first;
        synchronized (entry) {
            if (entry.latest != null || entry.inFlight == null) {
                return Optional.ofNullable(entry.latest).orElse(new Read(List.of(), "rates endpoint not read yet"));
            }
            first = entry.inFlight;
        }
        try {
            return first.get(FIRST_READ_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return new Read(List.of(), "rates endpoint " + entry.endpoint.shown() + " not read yet");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Read(List.of(), "interrupted while reading rates endpoint " + entry.endpoint.shown());
        }
    }

    /** The URLs whose rates are kept (for tests and the memory checks). */
    int size() {
        return entries.size();
    }

    private Read readNow(String url, Entry entry) {
        Read read = null;
        try {
            read = policy.refusal(url)
                    .map(refusal -> new Read(List.of(), "spec.clore.pricing.ratesEndpoint refused: " + refusal))
                    .orElseGet(() -> fetch(entry));
            return read;
        } finally {
            // Also after an unexpected failure: the next refresh must be able to start a read again.
            synchronized (entry) {
                entry.latest = read != null ? read : entry.latest;
                entry.readAt = clock.instant();
                entry.inFlight = null;
            }
        }
    }

    private Read fetch(Entry entry) {
        try {
            List<ExchangeRate> rates = entry.endpoint.read();
            synchronized (entry) {
                entry.lastGood = rates;
            }
            return new Read(rates, null);
        } catch (ProviderException e) {
            LOG.debugf("rates endpoint %s: %s", entry.endpoint.shown(), e.getMessage());
            return failed(entry, entry.endpoint.problem(e));
        }
    }

    private static Read failed(Entry entry, String problem) {
        synchronized (entry) {
            List<ExchangeRate> kept = entry.lastGood;
            return new Read(kept, kept.isEmpty() ? problem : problem + "; using its last answer");
        }
    }

    private void dropUnused(Instant now) {
        entries.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().inFlight == null
                        && e.getValue().usedAt.plus(UNUSED_AFTER).isBefore(now);
            }
        });
    }

    @PreDestroy
    void close() {
        readers.shutdownNow();
    }
}
