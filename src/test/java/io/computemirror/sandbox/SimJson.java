package io.computemirror.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON helpers every simulator uses: one shared mapper, tree building, request body parsing. */
final class SimJson {

    /** Shared mapper; ObjectMapper is thread-safe once configured. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private SimJson() {}

    /** A fresh JSON object. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A fresh JSON array. */
    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** {@code {"field": inner}}: the envelope several providers put around their payload. */
    static ObjectNode wrap(String field, JsonNode inner) {
        ObjectNode body = object();
        body.set(field, inner);
        return body;
    }

    /** Serializes a JSON tree. */
    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a JSON request body; an empty body gives an empty object, invalid JSON a 400. */
    static JsonNode readBody(SimRequest request) {
        if (request.body().length == 0) {
            return object();
        }
        try {
            return MAPPER.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw SimulatorException.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
