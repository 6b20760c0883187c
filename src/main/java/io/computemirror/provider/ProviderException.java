package io.computemirror.provider;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A failed provider call, typed by {@link Kind}: {@link #isRetryable()} tells a reconciler whether to try again
 * later or to report a permanent problem. Messages carry the provider's own error text but never a credential.
 */
public class ProviderException extends RuntimeException {

    /** What went wrong, and whether trying again can help. */
    public enum Kind {
        /** 400 or 422: the request was refused as invalid (e.g. an unsupported filter). */
        BAD_REQUEST(false, false),
        /** 401 or 403: the credential is wrong, expired or lacks a role. */
        AUTH(false, false),
        /** 404: the object (or the endpoint) does not exist. */
        NOT_FOUND(false, false),
        /** 409: concurrent change (stale {@code if-match} etag) or conflicting state; re-read, then retry. */
        CONFLICT(false, false),
        /** Any other 4xx. */
        CLIENT_ERROR(false, false),
        /** 429: slow down; see {@link ProviderException#retryAfter()}. */
        RATE_LIMITED(true, false),
        /** 5xx. */
        SERVER_ERROR(true, true),
        /** No complete response within the read timeout, or no connection within the connect timeout. */
        TIMEOUT(true, true),
        /** The connection could not be made or broke. */
        CONNECTION(true, true),
        /** A 2xx response whose body is not the documented JSON. */
        MALFORMED_RESPONSE(true, true),
        /** The account's circuit breaker is open; no request was sent. */
        CIRCUIT_OPEN(true, false),
        /** The calling thread was interrupted. */
        INTERRUPTED(false, false);

        private final boolean retryable;
        private final boolean circuitFailure;

        Kind(boolean retryable, boolean circuitFailure) {
            this.retryable = retryable;
            this.circuitFailure = circuitFailure;
        }

        public boolean isRetryable() {
            return retryable;
        }

        /** True when this failure says the provider is unhealthy, so it counts towards opening the circuit. */
        public boolean isCircuitFailure() {
            return circuitFailure;
        }

        /** The kind of an HTTP error status (only meaningful for status >= 400). */
        public static Kind ofStatus(int status) {
            if (status == 400 || status == 422) {
                return BAD_REQUEST;
            }
            if (status == 401 || status == 403) {
                return AUTH;
            }
            if (status == 404) {
                return NOT_FOUND;
            }
            if (status == 409) {
                return CONFLICT;
            }
            if (status == 429) {
                return RATE_LIMITED;
            }
            if (status == 408) {
                return TIMEOUT;
            }
            if (status >= 500) {
                return SERVER_ERROR;
            }
            return CLIENT_ERROR;
        }
    }

    private final Kind kind;
    private final String accountKey;
    private final String operation;
    private final int httpStatus;
    private final String providerCode;
    private final String providerMessage;
    private final Duration retryAfter;
    private final Map<String, String> details;

    public ProviderException(
            Kind kind,
            String accountKey,
            String operation,
            int httpStatus,
            String providerCode,
            String providerMessage,
            Duration retryAfter,
            Map<String, String> details,
            Throwable cause) {
        super(buildMessage(kind, accountKey, operation, httpStatus, providerCode, providerMessage, retryAfter), cause);
        this.kind = kind;
        this.accountKey = accountKey;
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.providerCode = providerCode;
        this.providerMessage = providerMessage;
        this.retryAfter = retryAfter;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** A failure without an HTTP response (timeout, connection, circuit open, malformed body). */
    public static ProviderException of(
            Kind kind, String accountKey, String operation, String message, Throwable cause) {
        return new ProviderException(kind, accountKey, operation, 0, null, message, null, null, cause);
    }

    private static String buildMessage(
            Kind kind,
            String accountKey,
            String operation,
            int status,
            String code,
            String providerMessage,
            Duration retryAfter) {
        StringBuilder b = new StringBuilder();
        b.append("provider account ")
                .append(accountKey)
                .append(": ")
                .append(operation)
                .append(" failed");
        if (status > 0) {
            b.append(" with HTTP ").append(status);
        }
        b.append(" (").append(kind).append(')');
        if (code != null) {
            b.append(" code ").append(code);
        }
        if (providerMessage != null && !providerMessage.isBlank()) {
            b.append(": ").append(providerMessage);
        }
        if (retryAfter != null) {
            b.append(" (retry after ").append(retryAfter.toMillis()).append(" ms)");
        }
        return b.toString();
    }

    public Kind kind() {
        return kind;
    }

    public boolean isRetryable() {
        return kind.isRetryable();
    }

    public String accountKey() {
        return accountKey;
    }

    /** The call that failed, e.g. {@code GET /machines}. */
    public String operation() {
        return operation;
    }

    /** The HTTP status, or 0 when no response was received. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The provider's machine-readable error code (Akua {@code 7002} or {@code not_found}), if any. */
    public Optional<String> providerCode() {
        return Optional.ofNullable(providerCode);
    }

    /** The provider's own error message (already redacted), or a description of the local failure. */
    public Optional<String> providerMessage() {
        return Optional.ofNullable(providerMessage);
    }

    /** How long the provider asked us to wait ({@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Extra error metadata (Akua {@code errors[].metadata}), e.g. the current etag after a 409. */
    public Map<String, String> details() {
        return details;
    }
}
