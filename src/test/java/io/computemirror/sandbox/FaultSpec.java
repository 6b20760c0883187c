package io.computemirror.sandbox;

import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a fault rule for {@code POST /_sandbox/faults}, e.g.
 * {@code {"kind":"rate_limit","count":1,"retry_after_seconds":20,"http_date":true}}. Fields: {@code kind} (a
 * {@link Faults.Kind} in lower case, or {@code delay} for {@code hang} with a delay), {@code count} (default 1),
 * {@code path_contains}, {@code status} (server_error, default 500), {@code retry_after_seconds} (rate_limit,
 * default 1), {@code http_date} (rate_limit), {@code delay_ms} (hang/delay; a hang without it lasts until the
 * simulator closes), {@code delta} (wrong_total, default 1), {@code message} (operation_failed/cancelled).
 */
record FaultSpec(Faults.Rule rule, int count) {

    private static final Set<String> FIELDS = Set.of(
            "kind",
            "count",
            "path_contains",
            "status",
            "retry_after_seconds",
            "http_date",
            "delay_ms",
            "delta",
            "message");

    /** Parses one rule; anything unknown or out of range answers 400 with what to send instead. */
    static FaultSpec parse(JsonNode json) {
        if (!json.isObject()) {
            throw SimulatorException.badRequest("a fault is a JSON object such as {\"kind\":\"server_error\"}");
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw SimulatorException.badRequest("unknown fault field '" + field + "'; known: " + FIELDS);
            }
        }
        String name = json.path("kind").asText("");
        Faults.Kind kind = kind(name);
        int count = json.path("count").asInt(1);
        String path =
                json.hasNonNull("path_contains") ? json.get("path_contains").asText() : null;
        int status = json.path("status")
                .asInt(kind == Faults.Kind.RATE_LIMIT || kind == Faults.Kind.RATE_LIMIT_PLAIN ? 429 : 500);
        if (kind == Faults.Kind.SERVER_ERROR && (status < 500 || status > 599)) {
            throw SimulatorException.badRequest("status of a server_error must be 500..599, was " + status);
        }
        Duration duration = null;
        if (kind == Faults.Kind.RATE_LIMIT) {
            duration = Duration.ofSeconds(json.path("retry_after_seconds").asLong(1));
        } else if (json.has("delay_ms")) {
            duration = Duration.ofMillis(json.get("delay_ms").asLong());
        } else if (name.equals("delay")) {
            throw SimulatorException.badRequest("a delay needs delay_ms");
        }
        String message = json.path("message")
                .asText(kind == Faults.Kind.OPERATION_CANCELLED ? "cancelled by the sandbox" : "failed by the sandbox");
        Faults.Rule rule = new Faults.Rule(
                kind,
                path,
                kind == Faults.Kind.SERVER_ERROR ? status : 0,
                duration,
                json.path("http_date").asBoolean(false),
                json.path("delta").asInt(1),
                message);
        return new FaultSpec(rule, count);
    }

    /** One queued rule as JSON, in the form {@link #parse} reads (plus {@code remaining}). */
    static ObjectNode render(Faults.Pending pending) {
        Faults.Rule rule = pending.rule();
        ObjectNode node = SimJson.object();
        node.put("kind", rule.kind().name().toLowerCase(Locale.ROOT));
        node.put("remaining", pending.remaining());
        if (rule.pathContains() != null) {
            node.put("path_contains", rule.pathContains());
        }
        switch (rule.kind()) {
            case SERVER_ERROR -> node.put("status", rule.status());
            case RATE_LIMIT ->
                node.put("retry_after_seconds", rule.duration().toSeconds()).put("http_date", rule.httpDate());
            case HANG -> {
                if (rule.duration() != null) {
                    node.put("delay_ms", rule.duration().toMillis());
                }
            }
            case WRONG_TOTAL -> node.put("delta", rule.delta());
            case OPERATION_FAILED, OPERATION_CANCELLED -> node.put("message", rule.message());
            default -> {}
        }
        return node;
    }

    private static Faults.Kind kind(String name) {
        if (name.equals("delay")) {
            return Faults.Kind.HANG;
        }
        try {
            return Faults.Kind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SimulatorException.badRequest("unknown fault kind '" + name + "'; use one of delay, "
                    + String.join(
                            ", ",
                            java.util.Arrays.stream(Faults.Kind.values())
                                    .map(k -> k.name().toLowerCase(Locale.ROOT))
                                    .toList()));
        }
    }
}
