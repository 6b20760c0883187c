package io.computemirror.sync;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sync's Prometheus metrics (exposed at /q/metrics):
 * <ul>
 * <li>{@code computemirror_polls_total{namespace,computeprovider,type,result}}: polls, result success or failure;</li>
 * <li>{@code computemirror_poll_duration_seconds{namespace,computeprovider,type}}: time to list the provider;</li>
 * <li>{@code computemirror_last_successful_poll_timestamp_seconds{namespace,computeprovider,type}}: unix time of the
 * account's last successful poll;</li>
 * <li>{@code computemirror_provider_errors_total{namespace,computeprovider,type,error}}: failed polls by error type
 * (AUTH, RATE_LIMITED, SERVER_ERROR, TIMEOUT, CONNECTION, CIRCUIT_OPEN, ...);</li>
 * <li>{@code computemirror_mirrors{namespace,computeprovider,kind,phase}}: mirrored objects by phase;</li>
 * <li>{@code computemirror_incomplete_listings_total{namespace,computeprovider,type,reason}}: listings that could not
 * be shown complete (nothing was marked Gone for them);</li>
 * <li>{@code computemirror_api_writes_total{kind,operation,result}}: writes to the API server, operation apply,
 * apply_status or delete;</li>
 * <li>{@code computemirror_suspended_storage_monthly_cost_cents{namespace,computeprovider}}: what the snapshots of an
 * Akua account's suspended machines cost a month, in cents;</li>
 * <li>{@code computemirror_suspensions_expiring{namespace,computeprovider}}: its suspensions that expire within
 * {@code spec.akua.suspensionExpiryWarning}.</li>
 * </ul>
 */
@ApplicationScoped
public class SyncMetrics {

    private final MeterRegistry registry;
    private final Map<Tags, AtomicInteger> mirrors = new ConcurrentHashMap<>();
    private final Map<Tags, AtomicLong> suspensionCost = new ConcurrentHashMap<>();
    private final Map<Tags, AtomicInteger> suspensionsExpiring = new ConcurrentHashMap<>();
    /** Unix seconds of each account's last successful poll. */
    private final Map<Tags, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void poll(String namespace, String provider, String type, Duration duration, String error) {
        Tags account = Tags.of("namespace", namespace, "computeprovider", provider, "type", type);
        Counter.builder("computemirror.polls")
                .description("Polls of provider accounts")
                .tags(account.and("result", error == null ? "success" : "failure"))
                .register(registry)
                .increment();
        Timer.builder("computemirror.poll.duration")
                .description("Time to list everything at a provider account")
                .tags(account)
                .register(registry)
                .record(duration);
        if (error == null) {
            lastSuccess
                    .computeIfAbsent(
                            account,
                            tags -> registry.gauge(
                                    "computemirror.last.successful.poll.timestamp.seconds", tags, new AtomicLong()))
                    .set(System.currentTimeMillis() / 1000);
        } else {
            Counter.builder("computemirror.provider.errors")
                    .description("Failed polls by error type")
                    .tags(account.and("error", error))
                    .register(registry)
                    .increment();
        }
    }

    void incompleteListing(String namespace, String provider, String type, String reason) {
        Counter.builder("computemirror.incomplete.listings")
                .description("Listings that could not be shown complete")
                .tags("namespace", namespace, "computeprovider", provider, "type", type, "reason", reason)
                .register(registry)
                .increment();
    }

    void write(String kind, String operation, boolean success) {
        Counter.builder("computemirror.api.writes")
                .description("Writes of mirrors to the Kubernetes API")
                .tags("kind", kind, "operation", operation, "result", success ? "success" : "error")
                .register(registry)
                .increment();
    }

    /** Sets the suspension gauges of one Akua account after a successful poll. */
    void suspensions(String namespace, String provider, SuspensionCosts costs) {
        Tags account = Tags.of("namespace", namespace, "computeprovider", provider);
        suspensionCost
                .computeIfAbsent(
                        account,
                        tags -> registry.gauge(
                                "computemirror.suspended.storage.monthly.cost.cents", tags, new AtomicLong()))
                .set(costs.monthlyCostCents());
        suspensionsExpiring
                .computeIfAbsent(
                        account,
                        tags -> registry.gauge("computemirror.suspensions.expiring", tags, new AtomicInteger()))
                .set(costs.expiring());
    }

    /** Sets the per-phase gauges of one account; phases that no longer occur drop to 0. */
    void mirrors(String namespace, String provider, String kind, Map<String, Integer> byPhase) {
        Tags account = Tags.of("namespace", namespace, "computeprovider", provider, "kind", kind);
        mirrors.forEach((tags, gauge) -> {
            if (tags.stream()
                    .filter(t -> !t.getKey().equals("phase"))
                    .toList()
                    .equals(account.stream().toList())) {
                gauge.set(0);
            }
        });
        byPhase.forEach((phase, count) -> mirrors.computeIfAbsent(
                        account.and("phase", phase),
                        tags -> registry.gauge("computemirror.mirrors", tags, new AtomicInteger()))
                .set(count));
    }

    /** Removes the gauges of a deleted ComputeProvider, so neither the registry nor this class keeps them. */
    void forget(String namespace, String provider) {
        lastSuccess.keySet().removeIf(tags -> {
            boolean match = isAccount(tags, namespace, provider);
            if (match) {
                registry.find("computemirror.last.successful.poll.timestamp.seconds")
                        .tags(tags)
                        .meters()
                        .forEach(registry::remove);
            }
            return match;
        });
        mirrors.keySet().removeIf(tags -> {
            boolean match = tags.stream()
                            .anyMatch(t -> t.getKey().equals("namespace")
                                    && t.getValue().equals(namespace))
                    && tags.stream()
                            .anyMatch(t -> t.getKey().equals("computeprovider")
                                    && t.getValue().equals(provider));
            if (match) {
                registry.find("computemirror.mirrors").tags(tags).meters().forEach(registry::remove);
            }
            return match;
        });
    }

    private static boolean isAccount(Tags tags, String namespace, String provider) {
        return tags.stream()
                        .anyMatch(t ->
                                t.getKey().equals("namespace") && t.getValue().equals(namespace))
                && tags.stream()
                        .anyMatch(t -> t.getKey().equals("computeprovider")
                                && t.getValue().equals(provider));
    }

    /** How many per-phase gauges are kept. */
    int mirrorGauges() {
        return mirrors.size();
    }
}
