package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** What every mirror status (Machine, GpuOffer) has, so the sync treats both kinds alike. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class MirrorStatus extends ObservedStatus {

    @Size(max = 64)
    @JsonPropertyDescription("When the provider stopped listing this object (phase Gone); the resource is deleted "
            + "after the ComputeProvider's goneGracePeriod.")
    private String goneSince;

    public String getGoneSince() {
        return goneSince;
    }

    public void setGoneSince(String goneSince) {
        this.goneSince = goneSince;
    }

    /** The phase as a word ("Unknown" when none is set yet); not a getter, so it never reaches the schema. */
    public abstract String phaseName();
}
