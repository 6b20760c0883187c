package io.computemirror.sandbox;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Akua JSON shapes: machine, operation envelope, and the two error body shapes. */
final class AkuaJson {

    private static final Map<String, Integer> SPEC_CODES = Map.ofEntries(
            Map.entry("invalid_argument", 1000),
            Map.entry("unauthenticated", 1001),
            Map.entry("permission_denied", 1003),
            Map.entry("not_found", 1004),
            Map.entry("method_not_allowed", 1005),
            Map.entry("failed_precondition", 7002),
            Map.entry("aborted", 7003),
            Map.entry("unprocessable", 1022),
            Map.entry("resource_exhausted", 1029),
            Map.entry("internal", 5000),
            Map.entry("unavailable", 5003));

    private AkuaJson() {}

    static ObjectNode machine(AkuaMachine m) {
        ObjectNode node = SimJson.object();
        node.put("id", m.id);
        node.put("workspace_id", AkuaSimulator.WORKSPACE_ID);
        node.put("cluster_id", m.clusterId);
        node.put("compute_config_id", m.computeConfigId);
        node.put("provider_id", m.providerId);
        ObjectNode resource = node.putObject("provider_resource");
        resource.put("identity_kind", m.identityKind);
        resource.put("public_ip", m.publicIp);
        if (m.floatingIp != null) {
            resource.putObject("floating_ip")
                    .put("id", "fip_" + m.id.substring(4))
                    .put("ipv4", m.floatingIp);
        }
        node.put("name", m.name);
        node.put("node_name", m.nodeName);
        node.put("state", m.state);
        node.put("reconciling", m.state.equals("SUSPENDING") || m.state.equals("RESUMING"));
        if (m.suspensionId != null) {
            ObjectNode suspension = node.putObject("current_suspension");
            suspension.put("event_id", m.suspensionId);
            suspension
                    .putObject("snapshot_ref")
                    .put("provider", "hcloud")
                    .put("snapshot_id", m.snapshotId)
                    .put("size_gb", m.snapshotSizeGb);
            suspension.put("expires_at", m.suspensionExpiresAt);
            suspension.put("monthly_cost_cents", m.monthlyCostCents);
            suspension.put("reason", m.suspensionReason);
        }
        node.put("created_at", m.createdAt);
        node.put("updated_at", m.updatedAt);
        node.put("etag", m.etag);
        return node;
    }

    /** {@code machineOperation} adds the {@code operation_id} alias of the 202 lifecycle responses. */
    static byte[] operation(AkuaOperation op, boolean machineOperation) {
        ObjectNode node = SimJson.object();
        node.put("id", op.id);
        node.put("workspace_id", AkuaSimulator.WORKSPACE_ID);
        node.put("organization_id", AkuaSimulator.ORGANIZATION_ID);
        node.put("owner_type", "machine");
        node.put("owner_id", op.machineId);
        node.putNull("parent_operation_id");
        node.put("state", op.state);
        node.put("done", !op.running());
        node.put("html_url", "https://akua.dev/machines/" + op.machineId + "?tab=operations");
        node.putObject("metadata")
                .put("type", op.action.type())
                .put("workspace_id", AkuaSimulator.WORKSPACE_ID)
                .put("machine_id", op.machineId)
                .put("request_fingerprint", op.fingerprint);
        if (op.state.equals("SUCCEEDED")) {
            ObjectNode response = node.putObject("response");
            response.put("type", op.action.type()).put("machine_id", op.machineId);
            if (op.action == AkuaSimulator.Action.SUSPEND) {
                response.put("suspension_id", op.suspensionId);
            }
        } else {
            node.putNull("response");
        }
        String stepName = op.action == AkuaSimulator.Action.SUSPEND ? "Suspend machine" : "Resume machine";
        if (op.errorMessage != null) {
            node.putObject("error").put("message", op.errorMessage);
            node.putObject("last_error").put("message", op.errorMessage).put("step_name", stepName);
        } else {
            node.putNull("error");
            node.putNull("last_error");
        }
        node.put("started_at", op.startedAt);
        putNullable(node, "completed_at", op.completedAt);
        ObjectNode step = node.putArray("steps").addObject();
        step.put("name", stepName);
        step.put(
                "status",
                switch (op.state) {
                    case "RUNNING" -> "running";
                    case "SUCCEEDED" -> "completed";
                    default -> "failed";
                });
        step.put("execution_type", "system");
        step.put("started_at", op.startedAt);
        putNullable(step, "completed_at", op.completedAt);
        if (op.errorMessage == null) {
            step.putNull("error_message");
        } else {
            step.put("error_message", op.errorMessage);
        }
        step.put("retryable", false);
        step.put("skippable", false);
        if (machineOperation) {
            node.put("operation_id", op.id);
        }
        return SimJson.write(node);
    }

    /** The spec's {@code ApiErrorResponse}, or the docs page's {@code {"error":{...}}}. */
    static byte[] error(SimulatorException error, AkuaSimulator.ErrorShape shape) {
        Map<String, String> metadata = new TreeMap<>(error.metadata());
        ObjectNode body = SimJson.object();
        if (shape == AkuaSimulator.ErrorShape.DOCS) {
            ObjectNode inner = body.putObject("error");
            inner.put("code", error.code());
            inner.put("message", error.getMessage());
            if (!metadata.isEmpty()) {
                ObjectNode meta = inner.putObject("metadata");
                metadata.forEach(meta::put);
            }
            return SimJson.write(body);
        }
        metadata.putIfAbsent("status", error.code().toUpperCase(Locale.ROOT));
        body.put("success", false);
        ObjectNode entry = body.putArray("errors").addObject();
        entry.put("code", SPEC_CODES.getOrDefault(error.code(), 5000));
        entry.put("message", error.getMessage());
        ObjectNode meta = entry.putObject("metadata");
        metadata.forEach(meta::put);
        body.putObject("result");
        return SimJson.write(body);
    }

    private static void putNullable(ObjectNode node, String field, Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
