package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Identity of a machine at its provider, and the user's desired suspension. The operator never rewrites it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MachineSpec {

    @Required
    @JsonPropertyDescription("The ComputeProvider (same namespace) this machine belongs to. Immutable.")
    @ValidationRule(value = "self == oldSelf", message = "spec.providerRef is immutable: create a new Machine instead")
    private ProviderRef providerRef;

    @Required
    @Size(min = 1, max = ApiConstants.MAX_ID)
    @JsonPropertyDescription("The machine's id at the provider, exactly as the provider writes it. Immutable.")
    @ValidationRule(value = "self == oldSelf", message = "spec.externalId is immutable: create a new Machine instead")
    private String externalId;

    @JsonPropertyDescription(
            "Desired suspension: true suspends the machine, false resumes it, absent leaves it as it is. "
                    + "Only Akua machines can be suspended.")
    private Boolean suspended;

    public MachineSpec() {}

    public MachineSpec(String providerName, String externalId) {
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

    public Boolean getSuspended() {
        return suspended;
    }

    public void setSuspended(Boolean suspended) {
        this.suspended = suspended;
    }
}
