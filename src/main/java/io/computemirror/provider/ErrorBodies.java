package io.computemirror.provider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the error bodies the three providers use, leniently: Akua spec {@code {"success":false,"errors":[{"code":
 * 7002,"message":..,"metadata":{..}}],"result":{}}}, Akua docs {@code {"error":{"code":"not_found","message":..}}},
 * Quiva and Clore {@code {"error":".."}}, and a bare {@code {"message":".."}}.
 */
public final class ErrorBodies {

    private ErrorBodies() {}

    /** The parsed error, or null when the body is not JSON or has none of the known shapes. */
    public static ProviderHttp.ParsedError parse(String body) {
        JsonNode root;
        try {
            root = ProviderJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode errors = root.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            return fromErrorsArray(errors);
        }
        JsonNode error = root.get("error");
        if (error != null && error.isTextual()) {
            return new ProviderHttp.ParsedError(null, error.asText(), Map.of());
        }
        if (error != null && error.isObject()) {
            return new ProviderHttp.ParsedError(
                    text(error.get("code")), text(error.get("message")), metadata(error.get("metadata")));
        }
        JsonNode message = root.get("message");
        if (message != null && message.isValueNode()) {
            return new ProviderHttp.ParsedError(text(root.get("code")), message.asText(), Map.of());
        }
        return null;
    }

    private static ProviderHttp.ParsedError fromErrorsArray(JsonNode errors) {
        String code = null;
        List<String> messages = new ArrayList<>();
        Map<String, String> details = new LinkedHashMap<>();
        for (JsonNode entry : errors) {
            if (entry.isTextual()) {
                messages.add(entry.asText());
                continue;
            }
            if (code == null) {
                code = text(entry.get("code"));
            }
            String msg = text(entry.get("message"));
            if (msg != null) {
                JsonNode path = entry.get("path");
                if (path != null && path.isArray() && !path.isEmpty()) {
                    List<String> parts = new ArrayList<>();
                    path.forEach(p -> parts.add(p.asText()));
                    msg = msg + " (at " + String.join(".", parts) + ")";
                }
                messages.add(msg);
            }
            metadata(entry.get("metadata")).forEach(details::putIfAbsent);
        }
        return new ProviderHttp.ParsedError(code, messages.isEmpty() ? null : String.join("; ", messages), details);
    }

    private static Map<String, String> metadata(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields()
                    .forEachRemaining(e -> out.put(
                            e.getKey(),
                            e.getValue().isValueNode()
                                    ? e.getValue().asText()
                                    : e.getValue().toString()));
        }
        return out;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.isValueNode() ? node.asText() : node.toString();
    }
}
