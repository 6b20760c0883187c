package io.computemirror.api.v1alpha1;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** What the operator last observed of a provider account. Never contains a credential. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComputeProviderStatus extends ObservedStatus {

    @Size(max = 64)
    @JsonPropertyDescription("When the last poll started (RFC 3339).")
    private String lastPollTime;

    @JsonPropertyDescription("How long the last poll took, in milliseconds.")
    private Long lastPollDurationMillis;

    @Size(max = 64)
    @JsonPropertyDescription("When the last successful poll started (RFC 3339).")
    private String lastSuccessTime;

    @JsonPropertyDescription("Polls that failed in a row; 0 after a success.")
    private Integer consecutiveFailures;

    @Size(max = ApiConstants.MAX_MESSAGE)
    @JsonPropertyDescription("The last poll error, as the provider or the operator worded it.")
    private String lastError;

    @Size(max = 2048)
    @JsonPropertyDescription("The endpoint actually polled (spec.endpoint or the provider's default).")
    private String endpoint;

    @JsonPropertyDescription("Mirrored objects of this account.")
    private ObjectCounts objects;

    @JsonPropertyDescription(
            "Whether the last listing could be shown to be complete; only a complete one marks objects Gone.")
    private Listing listing;

    public String getLastPollTime() {
        return lastPollTime;
    }

    public void setLastPollTime(String lastPollTime) {
        this.lastPollTime = lastPollTime;
    }

    public Long getLastPollDurationMillis() {
        return lastPollDurationMillis;
    }

    public void setLastPollDurationMillis(Long lastPollDurationMillis) {
        this.lastPollDurationMillis = lastPollDurationMillis;
    }

    public String getLastSuccessTime() {
        return lastSuccessTime;
    }

    public void setLastSuccessTime(String lastSuccessTime) {
        this.lastSuccessTime = lastSuccessTime;
    }

    public Integer getConsecutiveFailures() {
        return consecutiveFailures;
    }

    public void setConsecutiveFailures(Integer consecutiveFailures) {
        this.consecutiveFailures = consecutiveFailures;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public ObjectCounts getObjects() {
        return objects;
    }

    public void setObjects(ObjectCounts objects) {
        this.objects = objects;
    }

    public Listing getListing() {
        return listing;
    }

    public void setListing(Listing listing) {
        this.listing = listing;
    }

    /** The last successful listing: complete or not, and its counts. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Listing {
        @JsonPropertyDescription(
                "False when the provider's answers did not add up (short page, changing total, repeated "
                        + "id or cursor): what was seen is updated, nothing is marked Gone.")
        private Boolean complete;

        @Size(max = 64)
        @JsonPropertyDescription("Why the listing is incomplete, e.g. TotalChanged, ShortPage, DuplicateId.")
        private String reason;

        @Size(max = ApiConstants.MAX_TEXT)
        @JsonPropertyDescription("What did not add up, in words.")
        private String message;

        @JsonPropertyDescription("Objects listed (distinct ids).")
        private Integer seen;

        @JsonPropertyDescription("Objects the provider said it had, when it said so.")
        private Integer expected;

        public Boolean getComplete() {
            return complete;
        }

        public void setComplete(Boolean complete) {
            this.complete = complete;
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

        public Integer getSeen() {
            return seen;
        }

        public void setSeen(Integer seen) {
            this.seen = seen;
        }

        public Integer getExpected() {
            return expected;
        }

        public void setExpected(Integer expected) {
            this.expected = expected;
        }
    }

    /** Counts of mirrored objects. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ObjectCounts {
        private Integer total;

        @Size(max = 16)
        @JsonPropertyDescription("Mirrored objects per phase.")
        private Map<String, Integer> byPhase;

        @JsonPropertyDescription(
                "Objects that vanished at the provider but are held back from Gone by the mass-vanish guard.")
        private Integer heldGone;

        public Integer getTotal() {
            return total;
        }

        public void setTotal(Integer total) {
            this.total = total;
        }

        public Map<String, Integer> getByPhase() {
            return byPhase;
        }

        public void setByPhase(Map<String, Integer> byPhase) {
            this.byPhase = byPhase;
        }

        public Integer getHeldGone() {
            return heldGone;
        }

        public void setHeldGone(Integer heldGone) {
            this.heldGone = heldGone;
        }
    }
}
