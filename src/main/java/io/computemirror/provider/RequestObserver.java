package io.computemirror.provider;

import java.time.Duration;

/**
 * Sees every request {@link ProviderHttp} makes for one account, so the operator can count them without the provider
 * layer knowing Micrometer or Kubernetes. The operator's implementation is handed to the account
 * ({@link ProviderAccount#observedBy}) where the account is resolved; clients built elsewhere (tests, the exchange
 * rates) use {@link #NONE}. Implementations must be cheap and must not throw: they run on the request path.
 */
public interface RequestObserver {

    /** How a sent request ended, as the {@code outcome} label shows it. */
    enum Outcome {
        S2XX("2xx"),
        S3XX("3xx"),
        S4XX("4xx"),
        S429("429"),
        S5XX("5xx"),
        TIMEOUT("timeout"),
        CONNECTION("connection");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Outcome ofStatus(int status) {
            if (status == 429) {
                return S429;
            }
            if (status >= 500) {
                return S5XX;
            }
            if (status >= 400) {
                return S4XX;
            }
            return status >= 300 ? S3XX : S2XX;
        }
    }

    /** The account's circuit breaker state, as the {@code state} label shows it. */
    enum CircuitState {
        CLOSED,
        OPEN,
        HALF_OPEN;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One request that was sent (a request held back by a Retry-After is not sent and not counted here).
     *
     * @param responseBytes the body's size in bytes, 0 when no response arrived
     */
    void request(
            ProviderAccount account, RequestOperation operation, Outcome outcome, Duration took, long responseBytes);

    /** A retry of a failed attempt, before it runs. */
    void retry(ProviderAccount account, RequestOperation operation);

    /** A retry that waits because the provider asked for it (Retry-After), rather than for the usual backoff. */
    void retryAfterWait(ProviderAccount account);

    /** The account's circuit breaker is now {@code state} (also called once with CLOSED when the client is built). */
    void circuitState(ProviderAccount account, CircuitState state);

    /** Observes nothing. */
    RequestObserver NONE = new RequestObserver() {
        @Override
        public void request(
                ProviderAccount account,
                RequestOperation operation,
                Outcome outcome,
                Duration took,
                long responseBytes) {}

        @Override
        public void retry(ProviderAccount account, RequestOperation operation) {}

        @Override
        public void retryAfterWait(ProviderAccount account) {}

        @Override
        public void circuitState(ProviderAccount account, CircuitState state) {}
    };
}
