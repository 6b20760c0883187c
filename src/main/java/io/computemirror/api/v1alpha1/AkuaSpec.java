package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Akua account settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AkuaSpec {
    @Size(min = 1, max = 53)
    @Pattern("^ws_[A-Za-z0-9]+$")
    @JsonPropertyDescription("Workspace id (ws_...) sent as the akua-context header; only needed with tokens that "
            + "span several workspaces.")
    private String workspace;

    @Default("72h")
    @Size(max = 32)
    @Pattern(ComputeProviderSpec.DURATION_PATTERN)
    @JsonPropertyDescription("How long before a suspension's snapshot expires the Machine says so "
            + "(status.suspension.expiringSoon, a SuspensionExpiring Warning Event), e.g. 72h (the default).")
    @ValidationRule(
            value = "duration(self) <= duration('8760h')",
            message = "spec.akua.suspensionExpiryWarning must be at most 8760h, for example 72h")
    private String suspensionExpiryWarning;

    public String getWorkspace() {
        return workspace;
    }

    public void setWorkspace(String workspace) {
        this.workspace = workspace;
    }

    public String getSuspensionExpiryWarning() {
        return suspensionExpiryWarning;
    }

    public void setSuspensionExpiryWarning(String suspensionExpiryWarning) {
        this.suspensionExpiryWarning = suspensionExpiryWarning;
    }
}
