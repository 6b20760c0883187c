package io.computemirror.api.v1alpha1;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A status condition shaped like metav1.Condition, so kubectl wait, kstatus and Argo CD read it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

    /** Condition status values. */
    public enum Status {
        True,
        False,
        Unknown
    }

    @Required
    @Size(max = 64)
    private String type;

    @Required
    private Status status;

    private Long observedGeneration;
    /** RFC 3339 time of the last change of {@code status}. */
    @Size(max = 64)
    private String lastTransitionTime;

    @Size(max = 128)
    private String reason;

    @Size(max = ApiConstants.MAX_MESSAGE)
    private String message;

    public Condition() {}

    public Condition(String type, Status status, String reason, String message) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public Status getStatus() {
        return status;
    }

    public void setStatus(Status status) {
        this.status = status;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Condition c)) return false;
        return Objects.equals(type, c.type)
                && status == c.status
                && Objects.equals(observedGeneration, c.observedGeneration)
                && Objects.equals(lastTransitionTime, c.lastTransitionTime)
                && Objects.equals(reason, c.reason)
                && Objects.equals(message, c.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, observedGeneration, lastTransitionTime, reason, message);
    }

    @Override
    public String toString() {
        return type + "=" + status + " (" + reason + ": " + message + ")";
    }
}
