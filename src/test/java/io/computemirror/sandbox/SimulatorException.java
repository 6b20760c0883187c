package io.computemirror.sandbox;

import java.util.Map;

/**
 * Thrown by a simulator handler to answer with an error; each provider renders it in its own error body shape.
 * {@code code} is a provider-neutral lower-case name such as {@code not_found} or {@code aborted}.
 */
public class SimulatorException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> metadata;

    /** An error with no metadata. */
    public SimulatorException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    /** An error with metadata (Akua puts it in {@code errors[].metadata}). */
    public SimulatorException(int status, String code, String message, Map<String, String> metadata) {
        super(message);
        this.status = status;
        this.code = code;
        this.metadata = Map.copyOf(metadata);
    }

    /** HTTP status to answer with. */
    public int status() {
        return status;
    }

    /** Provider-neutral error name. */
    public String code() {
        return code;
    }

    /** Extra key/value details. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** 400 with code {@code invalid_argument}. */
    public static SimulatorException badRequest(String message) {
        return new SimulatorException(400, "invalid_argument", message);
    }

    /** 404 with code {@code not_found}. */
    public static SimulatorException notFound(String message) {
        return new SimulatorException(404, "not_found", message);
    }
}
