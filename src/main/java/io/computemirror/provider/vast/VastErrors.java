package io.computemirror.provider.vast;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.computemirror.provider.ProviderHttp;
import io.computemirror.provider.ProviderJson;

/**
 * Reads Vast's error bodies: usually {@code {"success": false, "error": "auth_error", "msg": "Invalid user key"}},
 * some endpoints only {@code msg} or {@code message}, a 429 {@code {"detail": ...}} or plain text. Plain text is not
 * parsed here; the HTTP layer then quotes the body itself.
 */
final class VastErrors {

    /** The message Vast sends with a bad API key, whatever the status. */
    static final String INVALID_USER_KEY = "Invalid user key";
    /** The error code Vast sends with a bad API key. */
    static final String AUTH_ERROR = "auth_error";

    private VastErrors() {}

    static ProviderHttp.ParsedError parse(String body) {
        JsonNode root;
        try {
            root = ProviderJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        String code = text(root.get("error"));
        String message = first(text(root.get("msg")), text(root.get("message")), text(root.get("detail")));
        if (code == null && message == null) {
            return null;
        }
        return new ProviderHttp.ParsedError(message == null ? null : code, message == null ? code : message, Map.of());
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asText();
    }
}
