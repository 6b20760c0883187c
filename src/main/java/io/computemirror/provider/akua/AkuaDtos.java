package io.computemirror.provider.akua;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Wire shapes of the Akua machines and operations API (OpenAPI spec, read leniently for the docs-era shapes). */
public final class AkuaDtos {

    private AkuaDtos() {}

    /** A cursor page of machines. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MachineList(
            List<Machine> data,
            @JsonProperty("has_more") Boolean hasMore,
            @JsonProperty("next_cursor") String nextCursor) {}

    /** A machine; times are Unix seconds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Machine(
            String id,
            @JsonProperty("workspace_id") String workspaceId,
            @JsonProperty("cluster_id") String clusterId,
            @JsonProperty("compute_config_id") String computeConfigId,
            @JsonProperty("provider_id") String providerId,
            @JsonProperty("provider_resource") ProviderResource providerResource,
            String name,
            @JsonProperty("node_name") String nodeName,
            String state,
            Boolean reconciling,
            @JsonProperty("current_suspension") CurrentSuspension currentSuspension,
            @JsonProperty("created_at") Long createdAt,
            @JsonProperty("updated_at") Long updatedAt,
            String etag) {}

    /** Where the machine lives at the underlying cloud. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ProviderResource(
            @JsonProperty("identity_kind") String identityKind,
            @JsonProperty("public_ip") String publicIp,
            @JsonProperty("floating_ip") FloatingIp floatingIp) {}

    /** An attached floating IP. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FloatingIp(String id, String ipv4) {}

    /** The embedded current suspension. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CurrentSuspension(
            @JsonProperty("event_id") String eventId,
            @JsonProperty("snapshot_ref") SnapshotRef snapshotRef,
            @JsonProperty("expires_at") Long expiresAt,
            @JsonProperty("monthly_cost_cents") Long monthlyCostCents,
            String reason) {}

    /** The snapshot a suspended machine is kept in. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SnapshotRef(
            String provider,
            @JsonProperty("snapshot_id") Long snapshotId,
            @JsonProperty("size_gb") BigDecimal sizeGb) {}

    /** The operation envelope ({@code Operation} / {@code MachineOperation}, or the docs' bare {@code {operation_id}}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Operation(
            String id,
            @JsonProperty("operation_id") String operationId,
            @JsonProperty("owner_type") String ownerType,
            @JsonProperty("owner_id") String ownerId,
            String state,
            Boolean done,
            OperationMetadata metadata,
            OperationResponse response,
            ErrorMessage error,
            @JsonProperty("last_error") ErrorMessage lastError,
            @JsonProperty("started_at") Long startedAt,
            @JsonProperty("completed_at") Long completedAt) {}

    /** The typed metadata; only the fields machine operations share. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OperationMetadata(String type, @JsonProperty("machine_id") String machineId) {}

    /** The typed response of a succeeded operation. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OperationResponse(
            String type,
            @JsonProperty("machine_id") String machineId,
            @JsonProperty("suspension_id") String suspensionId) {}

    /** {@code error} / {@code last_error}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ErrorMessage(String message, @JsonProperty("step_name") String stepName) {}
}
