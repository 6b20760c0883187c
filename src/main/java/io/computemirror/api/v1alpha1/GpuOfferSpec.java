package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Identity of a marketplace offer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GpuOfferSpec {

    @Required
    @JsonPropertyDescription("The ComputeProvider (same namespace) listing this offer. Immutable.")
    @ValidationRule(value = "self == oldSelf", message = "spec.providerRef is immutable: create a new GpuOffer instead")
    private ProviderRef providerRef;

    @Required
    @Size(min = 1, max = ApiConstants.MAX_ID)
    @JsonPropertyDescription("The listing's machine_id at the provider. Immutable.")
    @ValidationRule(value = "self == oldSelf", message = "spec.externalId is immutable: create a new GpuOffer instead")
    private String externalId;

    public GpuOfferSpec() {}

    public GpuOfferSpec(String providerName, String externalId) {
        this.providerRef = new ProviderRef(providerName);
        this.externalId = externalId;
    }

    public ProviderRef getProviderRef() {
        return providerRef;
    }

    public void setProviderRef(ProviderRef providerRef) {
        this.providerRef = providerRef;
    }

    public String getExternalId() {
        return externalId;
    }

    public void setExternalId(String externalId) {
        this.externalId = externalId;
    }
}
