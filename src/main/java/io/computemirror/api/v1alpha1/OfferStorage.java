package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;

/** Storage of an offer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OfferStorage {
    private Double availableGb;

    @Size(max = 32)
    private String type;

    @Size(max = 64)
    private String name;

    public Double getAvailableGb() {
        return availableGb;
    }

    public void setAvailableGb(Double availableGb) {
        this.availableGb = availableGb;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
