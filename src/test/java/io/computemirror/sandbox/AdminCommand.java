package io.computemirror.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One state change sent to {@code POST /_sandbox/state}, e.g. {@code {"action":"remove","machine_id":"..."}};
 * each simulator documents its actions.
 */
record AdminCommand(JsonNode json) {

    /** The {@code action} field. */
    String action() {
        return text("action");
    }

    /** A required text field; 400 when it is missing. */
    String text(String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isValueNode() || value.asText().isEmpty()) {
            throw SimulatorException.badRequest("state command needs a non-empty '" + field + "'");
        }
        return value.asText();
    }

    /** An optional integer field. */
    int intValue(String field, int fallback) {
        return json.path(field).asInt(fallback);
    }

    /** The answer to an action this simulator does not know. */
    SimulatorException unknown(String known) {
        return SimulatorException.badRequest("unknown action '" + action() + "'; this simulator knows " + known);
    }
}
