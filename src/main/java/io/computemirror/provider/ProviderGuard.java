package io.computemirror.provider;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.computemirror.provider.RequestObserver.CircuitState;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;

/**
 * The resilience of one provider account: a SmallRye Fault Tolerance {@link Guard} with jittered retries of retryable
 * failures (backoff from {@link RetryAfter#backoff}) and a circuit breaker over provider failures, plus the account's
 * {@link RetryAfter} gate. Keep one per account for the account's lifetime: the breaker and the gate are its state.
 */
final class ProviderGuard {

    private static final Logger LOG = Logger.getLogger(ProviderGuard.class);

    private final String accountKey;
    private final ResilienceSettings settings;
    private final RetryAfter retryAfter = new RetryAfter();
    private final Guard guard;

    ProviderGuard(String accountKey, ResilienceSettings settings) {
        this(accountKey, settings, () -> {}, state -> {});
    }

    /**
     * @param onRetryAfterWait runs before a retry that waits for a provider's Retry-After
     * @param onCircuitState gets each new state of the circuit breaker (CLOSED once at the start)
     */
    ProviderGuard(
            String accountKey,
            ResilienceSettings settings,
            Runnable onRetryAfterWait,
            Consumer<CircuitState> onCircuitState) {
        this.accountKey = accountKey;
        this.settings = settings;
        this.guard = Guard.create()
                .withDescription("provider account " + accountKey)
                .withRetry()
                .maxRetries(settings.maxRetries())
                .delay(settings.initialBackoff().toMillis(), ChronoUnit.MILLIS)
                // Jitter is applied by the backoff strategy so it can never shorten a Retry-After.
                .jitter(0, ChronoUnit.MILLIS)
                .maxDuration(retryBudget().toMillis(), ChronoUnit.MILLIS)
                .whenException(this::shouldRetry)
                .withCustomBackoff()
                .strategy(() -> RetryAfter.backoff(settings.initialBackoff(), settings.maxBackoff()))
                .done()
                .beforeRetry(t -> {
                    LOG.debugf("provider account %s: retrying after %s", accountKey, describe(t));
                    if (t instanceof ProviderException pe && pe.retryAfter().isPresent()) {
                        onRetryAfterWait.run();
                    }
                })
                .done()
                .withCircuitBreaker()
                .requestVolumeThreshold(settings.circuitRequestVolume())
                .failureRatio(settings.circuitFailureRatio())
                .delay(settings.circuitDelay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .when(ProviderGuard::isCircuitFailure)
                .onStateChange(state -> {
                    LOG.infof("provider account %s: circuit breaker is now %s", accountKey, state);
                    onCircuitState.accept(circuitState(state));
                })
                .done()
                .build();
        onCircuitState.accept(CircuitState.CLOSED);
    }

    /** The account's Retry-After gate. */
    RetryAfter retryAfter() {
        return retryAfter;
    }

    /**
     * Runs {@code attempt} (one request, throwing {@link ProviderException}) under retries and the circuit breaker.
     *
     * @param operation for the error when the circuit is open, e.g. {@code GET /machines}
     */
    <T> T call(String operation, Supplier<T> attempt) {
        try {
            @SuppressWarnings("unchecked")
            T result = (T) guard.get(attempt::get, Object.class);
            return result;
        } catch (CircuitBreakerOpenException e) {
            throw ProviderException.of(
                    ProviderException.Kind.CIRCUIT_OPEN,
                    accountKey,
                    operation,
                    "circuit breaker is open after repeated failures; no request sent (it lets one probe through after "
                            + settings.circuitDelay().toSeconds() + " s)",
                    null);
        }
    }

    /** Room for every attempt to take its longest (connect, whole response, backoff, an inline Retry-After). */
    private Duration retryBudget() {
        Duration perAttempt = settings.connectTimeout()
                .plus(settings.readTimeout())
                .plus(settings.maxBackoff())
                .plus(settings.maxInlineRetryAfter());
        return perAttempt.multipliedBy(settings.maxRetries() + 1L);
    }

    private boolean shouldRetry(Throwable t) {
        if (!(t instanceof ProviderException pe) || !pe.isRetryable()) {
            return false;
        }
        // A long Retry-After is handed to the caller (e.g. to requeue a reconcile) instead of blocking here.
        return pe.retryAfter()
                .map(d -> d.compareTo(settings.maxInlineRetryAfter()) <= 0)
                .orElse(true);
    }

    private static CircuitState circuitState(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> CircuitState.CLOSED;
            case OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
        };
    }

    private static boolean isCircuitFailure(Throwable t) {
        return t instanceof ProviderException pe && pe.kind().isCircuitFailure();
    }

    private static String describe(Throwable t) {
        return t instanceof ProviderException pe
                ? pe.getMessage()
                : t.getClass().getSimpleName();
    }
}
