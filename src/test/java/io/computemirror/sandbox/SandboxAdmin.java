package io.computemirror.sandbox;

import java.util.List;
import java.util.function.Function;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The simulator's own admin endpoint under {@value #PREFIX}, so a test or a person can inject faults and change the
 * provider's state while an operator runs against it. Not part of any provider API: no credential, no faults, not
 * in the {@link RequestLog}.
 * <ul>
 * <li>{@code GET /_sandbox/faults}: the queued rules; {@code POST} one rule or an array of them
 * ({@link FaultSpec}); {@code DELETE} drops them all.</li>
 * <li>{@code POST /_sandbox/state}: one state change ({@link AdminCommand}); the answer says what changed.</li>
 * </ul>
 */
final class SandboxAdmin {

    /** Paths under this prefix are admin requests. */
    static final String PREFIX = "/_sandbox/";

    private final Faults faults;
    private final Function<AdminCommand, JsonNode> state;

    SandboxAdmin(Faults faults, Function<AdminCommand, JsonNode> state) {
        this.faults = faults;
        this.state = state;
    }

    /** Whether {@code request} is an admin request. */
    static boolean isAdmin(SimRequest request) {
        return request.path().startsWith(PREFIX);
    }

    /** Answers one admin request; errors come back as {@code {"error": "..."}}. */
    SimResponse handle(SimRequest request) {
        try {
            return switch (request.path()) {
                case PREFIX + "faults" -> faults(request);
                case PREFIX + "state" -> {
                    request.requireMethod("POST");
                    JsonNode changed = state.apply(new AdminCommand(SimJson.readBody(request)));
                    yield SimResponse.json(200, SimJson.write(changed));
                }
                default ->
                    throw SimulatorException.notFound(
                            "no admin route " + request.path() + "; use " + PREFIX + "faults or " + PREFIX + "state");
            };
        } catch (SimulatorException e) {
            return SimResponse.json(e.status(), SimJson.write(SimJson.object().put("error", e.getMessage())));
        } catch (IllegalArgumentException e) {
            return SimResponse.json(400, SimJson.write(SimJson.object().put("error", e.getMessage())));
        }
    }

    private SimResponse faults(SimRequest request) {
        switch (request.method()) {
            case "GET" -> {
                return SimResponse.json(200, SimJson.write(pending()));
            }
            case "DELETE" -> {
                faults.clear();
                return SimResponse.json(200, SimJson.write(pending()));
            }
            case "POST" -> {
                JsonNode body = SimJson.readBody(request);
                List<FaultSpec> specs = body.isArray()
                        ? StreamSupport.stream(body.spliterator(), false)
                                .map(FaultSpec::parse)
                                .toList()
                        : List.of(FaultSpec.parse(body));
                // Parsed first, then queued, so a bad entry in an array queues nothing.
                specs.forEach(s -> faults.check(s.rule(), s.count()));
                specs.forEach(s -> faults.add(s.rule(), s.count()));
                return SimResponse.json(201, SimJson.write(pending()));
            }
            default ->
                throw new SimulatorException(
                        405, "method_not_allowed", "Method not allowed: use GET, POST or DELETE " + request.path());
        }
    }

    private ObjectNode pending() {
        ArrayNode rules = SimJson.array();
        faults.pendingRules().forEach(p -> rules.add(FaultSpec.render(p)));
        return SimJson.wrap("pending", rules);
    }
}
