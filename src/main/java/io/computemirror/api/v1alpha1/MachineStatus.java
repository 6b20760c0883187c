package io.computemirror.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** What the provider last reported about a machine, plus the operation compute-mirror is running on it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MachineStatus extends MirrorStatus {

    private MachinePhase phase;

    @Size(max = 64)
    @JsonPropertyDescription("The provider's own state word (Quiva status, Akua state), unchanged.")
    private String providerState;

    @JsonPropertyDescription("The provider type of the ComputeProvider, copied for selection and admission rules.")
    private ProviderType providerType;

    @Size(max = ApiConstants.MAX_TEXT)
    @JsonPropertyDescription("The machine's name at the provider.")
    private String name;

    @Size(max = ApiConstants.MAX_TEXT)
    @JsonPropertyDescription("Canonical provider URI (Akua provider_id).")
    private String providerId;

    @Size(max = 8)
    @JsonPropertyDescription("Public addresses, floating address first.")
    private List<String> addresses;

    @Size(max = 128)
    private String runtime;

    @Size(max = 64)
    private String runtimeVersion;

    @Size(max = 64)
    @JsonPropertyDescription("Memory as the provider displays it, e.g. 512.00 MB.")
    private String memory;

    @Size(max = 256)
    @JsonPropertyDescription("Node or host the machine runs on (Quiva hydra.node, Akua node_name).")
    private String node;

    @Size(max = 256)
    @JsonPropertyDescription("Akua cluster id.")
    private String clusterId;

    @Size(max = 64)
    private String createdAt;

    @Size(max = 64)
    private String updatedAt;

    @JsonPropertyDescription("The current suspension (Akua), with its cost and expiry.")
    private MachineSuspension suspension;

    @JsonPropertyDescription("The desired suspension the operator acts on: spec.suspended when set, else what the "
            + "governing MachineSchedule says now; absent when nothing decides.")
    private Boolean desiredSuspended;

    @Size(max = 320)
    @JsonPropertyDescription("Who decides desiredSuspended: Spec, or MachineSchedule/<name>.")
    private String desiredSuspendedBy;

    @JsonPropertyDescription("The provider operation compute-mirror started and follows, while it runs.")
    private MachineOperation operation;

    @JsonPropertyDescription("The last provider operation compute-mirror finished on this machine, with its result. A "
            + "failed or cancelled one is not retried until spec.suspended changes again.")
    private LastOperation lastOperation;

    public MachinePhase getPhase() {
        return phase;
    }

    public void setPhase(MachinePhase phase) {
        this.phase = phase;
    }

    public String getProviderState() {
        return providerState;
    }

    public void setProviderState(String providerState) {
        this.providerState = providerState;
    }

    public ProviderType getProviderType() {
        return providerType;
    }

    public void setProviderType(ProviderType providerType) {
        this.providerType = providerType;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getProviderId() {
        return providerId;
    }

    public void setProviderId(String providerId) {
        this.providerId = providerId;
    }

    public List<String> getAddresses() {
        return addresses;
    }

    public void setAddresses(List<String> addresses) {
        this.addresses = addresses;
    }

    public String getRuntime() {
        return runtime;
    }

    public void setRuntime(String runtime) {
        this.runtime = runtime;
    }

    public String getRuntimeVersion() {
        return runtimeVersion;
    }

    public void setRuntimeVersion(String runtimeVersion) {
        this.runtimeVersion = runtimeVersion;
    }

    public String getMemory() {
        return memory;
    }

    public void setMemory(String memory) {
        this.memory = memory;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public String getClusterId() {
        return clusterId;
    }

    public void setClusterId(String clusterId) {
        this.clusterId = clusterId;
    }

    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    public String getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(String updatedAt) {
        this.updatedAt = updatedAt;
    }

    public MachineSuspension getSuspension() {
        return suspension;
    }

    public void setSuspension(MachineSuspension suspension) {
        this.suspension = suspension;
    }

    public Boolean getDesiredSuspended() {
        return desiredSuspended;
    }

    public void setDesiredSuspended(Boolean desiredSuspended) {
        this.desiredSuspended = desiredSuspended;
    }

    public String getDesiredSuspendedBy() {
        return desiredSuspendedBy;
    }

    public void setDesiredSuspendedBy(String desiredSuspendedBy) {
        this.desiredSuspendedBy = desiredSuspendedBy;
    }

    public MachineOperation getOperation() {
        return operation;
    }

    public void setOperation(MachineOperation operation) {
        this.operation = operation;
    }

    public LastOperation getLastOperation() {
        return lastOperation;
    }

    public void setLastOperation(LastOperation lastOperation) {
        this.lastOperation = lastOperation;
    }

    @Override
    public String phaseName() {
        return phase == null ? "Unknown" : phase.name();
    }

    /** A provider operation (suspend or resume) in flight. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class MachineOperation {
        /** Actions compute-mirror takes on a machine. */
        public enum Action {
            Suspend,
            Resume
        }

        @Size(max = 64)
        private String id;

        private Action action;

        @Size(max = 64)
        @JsonPropertyDescription("The idempotency key sent with the request; a retry sends the same key.")
        private String idempotencyKey;

        @Size(max = 64)
        private String startedAt;

        @JsonPropertyDescription("metadata.generation whose spec asked for this operation.")
        private Long generation;

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public Action getAction() {
            return action;
        }

        public void setAction(Action action) {
            this.action = action;
        }

        public String getIdempotencyKey() {
            return idempotencyKey;
        }

        public void setIdempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
        }

        public String getStartedAt() {
            return startedAt;
        }

        public void setStartedAt(String startedAt) {
            this.startedAt = startedAt;
        }

        public Long getGeneration() {
            return generation;
        }

        public void setGeneration(Long generation) {
            this.generation = generation;
        }
    }

    /** A finished provider operation: the operation as it was recorded, and how it ended. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class LastOperation extends MachineOperation {
        /** How an operation ended at the provider. */
        public enum Result {
            Succeeded,
            Failed,
            Cancelled
        }

        private Result result;

        @Size(max = ApiConstants.MAX_MESSAGE)
        @JsonPropertyDescription("The provider's message for a failed or cancelled operation.")
        private String message;

        @Size(max = 64)
        private String finishedAt;

        public Result getResult() {
            return result;
        }

        public void setResult(Result result) {
            this.result = result;
        }

        public String getMessage() {
            return message;
        }

        public void setMessage(String message) {
            this.message = message;
        }

        public String getFinishedAt() {
            return finishedAt;
        }

        public void setFinishedAt(String finishedAt) {
            this.finishedAt = finishedAt;
        }
    }
}
