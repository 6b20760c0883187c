package io.computemirror.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The search of Vast's marketplace ({@code POST /api/v0/bundles/}); null fields do not filter.
 * {@code io.computemirror.account.ProviderRegistry} reads it into the Vast client's own filter.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VastFilter {

    @Size(max = 32)
    @JsonPropertyDescription(
            "GPU models as Vast spells them, e.g. RTX 4090 or H100 SXM (RTX_4090 is read as RTX 4090). "
                    + "Empty: any.")
    @ValidationRule(
            value = "self.all(n, size(n) >= 1 && size(n) <= 64)",
            message = "spec.vast.filter.gpuNames entries must be GPU names of 1 to 64 characters, e.g. RTX 4090")
    private List<String> gpuNames;

    @Min(1)
    @Max(64)
    @JsonPropertyDescription("The fewest GPUs per offer (1-64).")
    private Integer minGpus;

    @Min(1)
    @Max(1024)
    @JsonPropertyDescription("The least memory per GPU in GiB, as the mirror shows it (1-1024).")
    private Integer minVramGib;

    // A regex over the entries exceeds the API server's CEL cost budget; the client upper-cases the codes.
    @Size(max = 64)
    @JsonPropertyDescription("Two-letter country codes of the hosts, e.g. US. Empty: anywhere.")
    @ValidationRule(
            value = "self.all(c, size(c) == 2)",
            message = "spec.vast.filter.countries entries must be two-letter country codes, e.g. US")
    private List<String> countries;

    @JsonPropertyDescription("Only hosts Vast verified (default true).")
    private Boolean verifiedOnly;

    @JsonPropertyDescription("Only datacenter hosts (default false).")
    private Boolean datacenterOnly;

    @JsonPropertyDescription("OnDemand (default, fixed price) or Interruptible (priced from the lowest bid).")
    private VastRental rental;

    public List<String> getGpuNames() {
        return gpuNames;
    }

    public void setGpuNames(List<String> gpuNames) {
        this.gpuNames = gpuNames;
    }

    public Integer getMinGpus() {
        return minGpus;
    }

    public void setMinGpus(Integer minGpus) {
        this.minGpus = minGpus;
    }

    public Integer getMinVramGib() {
        return minVramGib;
    }

    public void setMinVramGib(Integer minVramGib) {
        this.minVramGib = minVramGib;
    }

    public List<String> getCountries() {
        return countries;
    }

    public void setCountries(List<String> countries) {
        this.countries = countries;
    }

    public Boolean getVerifiedOnly() {
        return verifiedOnly;
    }

    public void setVerifiedOnly(Boolean verifiedOnly) {
        this.verifiedOnly = verifiedOnly;
    }

    public Boolean getDatacenterOnly() {
        return datacenterOnly;
    }

    public void setDatacenterOnly(Boolean datacenterOnly) {
        this.datacenterOnly = datacenterOnly;
    }

    public VastRental getRental() {
        return rental;
    }

    public void setRental(VastRental rental) {
        this.rental = rental;
    }
}
