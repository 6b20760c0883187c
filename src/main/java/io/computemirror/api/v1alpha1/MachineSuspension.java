package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** An Akua suspension: the snapshot kept while the machine is suspended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MachineSuspension {
    @Size(max = 64)
    private String eventId;

    @Size(max = 64)
    private String expiresAt;

    private Long monthlyCostCents;

    @Size(max = 32)
    private String reason;

    @JsonPropertyDescription("The provider's id of the snapshot the machine is kept in while suspended.")
    private Long snapshotId;

    @JsonPropertyDescription("Size of that snapshot in GB.")
    private Double sizeGb;

    @JsonPropertyDescription("True when expiresAt is closer than the ComputeProvider's "
            + "spec.akua.suspensionExpiryWarning (default 72h): resume the machine before then or its state is lost.")
    private Boolean expiringSoon;

    public String getEventId() {
        return eventId;
    }

    public void setEventId(String eventId) {
        this.eventId = eventId;
    }

    public String getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(String expiresAt) {
        this.expiresAt = expiresAt;
    }

    public Long getMonthlyCostCents() {
        return monthlyCostCents;
    }

    public void setMonthlyCostCents(Long monthlyCostCents) {
        this.monthlyCostCents = monthlyCostCents;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public Long getSnapshotId() {
        return snapshotId;
    }

    public void setSnapshotId(Long snapshotId) {
        this.snapshotId = snapshotId;
    }

    public Double getSizeGb() {
        return sizeGb;
    }

    public void setSizeGb(Double sizeGb) {
        this.sizeGb = sizeGb;
    }

    public Boolean getExpiringSoon() {
        return expiringSoon;
    }

    public void setExpiringSoon(Boolean expiringSoon) {
        this.expiringSoon = expiringSoon;
    }
}
