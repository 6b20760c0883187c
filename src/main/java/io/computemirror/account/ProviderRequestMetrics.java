package io.computemirror.account;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.RequestObserver;
import io.computemirror.provider.RequestOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The per-request provider metrics (exposed at /q/metrics), fed by every account's {@code ProviderHttp}:
 * <ul>
 * <li>{@code computemirror_provider_requests_total{namespace,computeprovider,type,operation,outcome}};</li>
 * <li>{@code computemirror_provider_request_duration_seconds{namespace,computeprovider,type,operation}} (histogram);
 * </li>
 * <li>{@code computemirror_provider_retries_total{namespace,computeprovider,type,operation}};</li>
 * <li>{@code computemirror_provider_retry_after_waits_total{namespace,computeprovider,type}};</li>
 * <li>{@code computemirror_provider_circuit_state{namespace,computeprovider,type,state}}: 1 for the current state;</li>
 * <li>{@code computemirror_provider_response_bytes_total{namespace,computeprovider,type,operation}}.</li>
 * </ul>
 * The provider layer only knows the {@link RequestObserver} seam: it stays free of Micrometer and of the operator's
 * label names, and this bean is handed to each account where {@link ProviderAccounts} resolves it. Labels are the
 * account and closed enums, never an offer or machine id, so the series are bounded by the accounts; {@link #forget}
 * removes an account's series when its ComputeProvider is deleted.
 */
@ApplicationScoped
public class ProviderRequestMetrics implements RequestObserver {

    static final String REQUESTS = "computemirror.provider.requests";
    static final String DURATION = "computemirror.provider.request.duration";
    static final String RETRIES = "computemirror.provider.retries";
    static final String RETRY_AFTER_WAITS = "computemirror.provider.retry.after.waits";
    static final String CIRCUIT_STATE = "computemirror.provider.circuit.state";
    static final String RESPONSE_BYTES = "computemirror.provider.response.bytes";

    private final MeterRegistry registry;
    /** The circuit state gauges of each account (by its tags), one value per state. */
    private final Map<Tags, Map<CircuitState, AtomicInteger>> circuits = new ConcurrentHashMap<>();

    public ProviderRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void request(
            ProviderAccount account, RequestOperation operation, Outcome outcome, Duration took, long responseBytes) {
        Tags tags = tags(account).and("operation", operation.label());
        Counter.builder(REQUESTS)
                .description("Requests sent to provider accounts, by outcome")
                .tags(tags.and("outcome", outcome.label()))
                .register(registry)
                .increment();
        Timer.builder(DURATION)
                .description("Time from sending a provider request to its complete response (or its failure)")
                .tags(tags)
                .publishPercentileHistogram()
                .register(registry)
                .record(took);
        if (responseBytes > 0) {
            Counter.builder(RESPONSE_BYTES)
                    .description("Bytes of provider response bodies read")
                    .baseUnit("bytes")
                    .tags(tags)
                    .register(registry)
                    .increment(responseBytes);
        }
    }

    @Override
    public void retry(ProviderAccount account, RequestOperation operation) {
        Counter.builder(RETRIES)
                .description("Retries of failed provider requests")
                .tags(tags(account).and("operation", operation.label()))
                .register(registry)
                .increment();
    }

    @Override
    public void retryAfterWait(ProviderAccount account) {
        Counter.builder(RETRY_AFTER_WAITS)
                .description("Retries that waited for a provider's Retry-After")
                .tags(tags(account))
                .register(registry)
                .increment();
    }

    @Override
    public void circuitState(ProviderAccount account, CircuitState state) {
        Map<CircuitState, AtomicInteger> gauges = circuits.computeIfAbsent(tags(account), this::circuitGauges);
        gauges.forEach((s, value) -> value.set(s == state ? 1 : 0));
    }

    private Map<CircuitState, AtomicInteger> circuitGauges(Tags account) {
        Map<CircuitState, AtomicInteger> gauges = new java.util.EnumMap<>(CircuitState.class);
        for (CircuitState s : CircuitState.values()) {
            gauges.put(s, registry.gauge(CIRCUIT_STATE, account.and("state", s.label()), new AtomicInteger()));
        }
        return gauges;
    }

    /** Removes every request series of a deleted ComputeProvider. */
    public void forget(String namespace, String name) {
        circuits.keySet().removeIf(tags -> sameAccount(tags, namespace, name));
        for (String meter :
                new String[] {REQUESTS, DURATION, RETRIES, RETRY_AFTER_WAITS, CIRCUIT_STATE, RESPONSE_BYTES}) {
            for (Meter m : registry.find(meter)
                    .tag("namespace", namespace)
                    .tag("computeprovider", name)
                    .meters()) {
                registry.remove(m);
            }
        }
    }

    private static boolean sameAccount(Tags tags, String namespace, String name) {
        return tags.stream()
                        .anyMatch(t ->
                                t.getKey().equals("namespace") && t.getValue().equals(namespace))
                && tags.stream()
                        .anyMatch(t -> t.getKey().equals("computeprovider")
                                && t.getValue().equals(name));
    }

    private static Tags tags(ProviderAccount account) {
        return Tags.of("namespace", account.namespace(), "computeprovider", account.name(), "type", account.type());
    }
}
