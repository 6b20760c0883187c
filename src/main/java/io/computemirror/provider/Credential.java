package io.computemirror.provider;

import java.util.Objects;

/**
 * A provider secret (token or API key) that redacts itself: {@link #toString()} never shows the value,
 * and only the HTTP layer reads it through {@link #reveal()}.
 */
public final class Credential {

    /** How the secret should be presented to the provider. */
    public enum Kind {
        /**
         * Decide from the value: for Quiva, a value starting with {@value Credential#QUIVA_API_KEY_PREFIX} is an API
         * key that is exchanged for an auth token; everything else (and every value for Clore and Akua) is sent
         * as a Bearer token.
         */
        AUTO,
        /** Always sent as {@code Authorization: Bearer <value>}. */
        BEARER_TOKEN,
        /** A Quiva API key, exchanged through {@code POST /accounts/auth-with-api-key}. */
        API_KEY
    }

    /** Prefix of Quiva API keys as shown in the Quiva documentation ({@code ms-...}). */
    public static final String QUIVA_API_KEY_PREFIX = "ms-";

    private static final String REDACTED = "***";

    private final String value;
    private final Kind kind;

    private Credential(String value, Kind kind) {
        Objects.requireNonNull(value, "credential value");
        // Trailing newlines are a classic artefact of `kubectl create secret --from-file`.
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("credential is empty");
        }
        this.value = trimmed;
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A secret whose kind is decided by the provider client (see {@link Kind#AUTO}). */
    public static Credential of(String value) {
        return new Credential(value, Kind.AUTO);
    }

    /** A secret always sent as a Bearer token. */
    public static Credential bearerToken(String value) {
        return new Credential(value, Kind.BEARER_TOKEN);
    }

    /** A Quiva API key (exchanged for an auth token before use). */
    public static Credential apiKey(String value) {
        return new Credential(value, Kind.API_KEY);
    }

    public Kind kind() {
        return kind;
    }

    /** True when Quiva should exchange this credential for an auth token first. */
    public boolean isQuivaApiKey() {
        return kind == Kind.API_KEY || (kind == Kind.AUTO && value.startsWith(QUIVA_API_KEY_PREFIX));
    }

    /** The raw secret; for the HTTP layer only, never for logs, messages or URLs. */
    String reveal() {
        return value;
    }

    /** Secrets shorter than this are not searched for in text: replacing them would garble every message. */
    private static final int MIN_REDACTABLE_LENGTH = 6;

    /** Replaces every occurrence of the secret in {@code text} (e.g. a provider message echoing it). */
    public String redact(String text) {
        if (text == null || value.length() < MIN_REDACTABLE_LENGTH || !text.contains(value)) {
            return text;
        }
        return text.replace(value, REDACTED);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credential other && other.value.equals(value) && other.kind == kind;
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, kind);
    }

    @Override
    public String toString() {
        return "Credential[" + kind + ", " + REDACTED + "]";
    }
}
