package io.computemirror.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response a simulator wants to send. {@code listResponse} marks bodies that hold a page of a list, so the
 * list-shaped faults (cut page) know where they may apply.
 */
public record SimResponse(int status, Map<String, String> headers, byte[] body, boolean listResponse) {

    /** A JSON response. */
    public static SimResponse json(int status, byte[] body) {
        return new SimResponse(status, jsonHeaders(), body, false);
    }

    /** A JSON response carrying one page of a list. */
    public static SimResponse jsonList(int status, byte[] body) {
        return new SimResponse(status, jsonHeaders(), body, true);
    }

    /** The same response with one more header. */
    public SimResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SimResponse(status, copy, body, listResponse);
    }

    /** The same response with another body. */
    public SimResponse withBody(byte[] newBody) {
        return new SimResponse(status, headers, newBody, listResponse);
    }

    /** The body as UTF-8 text (for diagnostics). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static Map<String, String> jsonHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return headers;
    }
}
