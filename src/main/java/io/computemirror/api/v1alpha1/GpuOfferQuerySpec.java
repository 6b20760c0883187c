package io.computemirror.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Which offers a GpuOfferQuery matches and how it ranks them. Every field is optional; all given ones must hold. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GpuOfferQuerySpec {

    @Size(max = 32)
    @JsonPropertyDescription("Names of ComputeProviders in this namespace whose offers are considered; empty: all.")
    // Items have no maxLength (the CRD generator cannot annotate list items), so rules on items use size() only:
    // a regex over an unbounded string exceeds the API server's CEL cost budget.
    @ValidationRule(
            value = "self.all(n, size(n) >= 1 && size(n) <= 253)",
            message = "spec.providerRefs entries must be ComputeProvider names of 1 to 253 characters, e.g. clore-rtx")
    private List<String> providerRefs;

    @Size(max = 32)
    @JsonPropertyDescription("Values of the computemirror.io/gpu-model label (e.g. nvidia-geforce-rtx-4090); an offer "
            + "matches with any of them. Empty: any model.")
    @ValidationRule(
            value = "self.all(m, size(m) >= 1 && size(m) <= 63)",
            message = "spec.gpuModels entries must be values of the computemirror.io/gpu-model label (1 to 63 "
                    + "characters), e.g. nvidia-geforce-rtx-4090")
    private List<String> gpuModels;

    @JsonPropertyDescription("Fewest GPUs an offer has (1-64).")
    @ValidationRule(value = "self >= 1 && self <= 64", message = "spec.minGpus must be between 1 and 64")
    private Integer minGpus;

    @JsonPropertyDescription("Least memory of every GPU of the offer, in GB (0-1024).")
    @ValidationRule(value = "self >= 0 && self <= 1024", message = "spec.minVramGbPerGpu must be between 0 and 1024")
    private Integer minVramGbPerGpu;

    @Size(max = 64)
    @JsonPropertyDescription("Countries (status.location.country, compared case-insensitively); an offer matches with "
            + "any of them. Empty: anywhere.")
    @ValidationRule(
            value = "self.all(c, size(c) >= 1 && size(c) <= 64)",
            message = "spec.countries entries must be country names of 1 to 64 characters, e.g. Germany")
    private List<String> countries;

    @JsonPropertyDescription("Lowest CUDA version (status.cudaVersion), e.g. 12.1.")
    @Size(max = 16)
    @ValidationRule(
            value = "self.matches('^[0-9]+(\\\\.[0-9]+){0,2}$')",
            message = "spec.minCudaVersion must be a version such as 12 or 12.1")
    private String minCudaVersion;

    @JsonPropertyDescription("Highest normalised price per GPU-hour, a decimal string in the offers' normalised "
            + "currency (e.g. 0.45). Offers without a normalised price never match it.")
    @Size(max = 32)
    @ValidationRule(
            value = "self.matches('^[0-9]+(\\\\.[0-9]+)?$')",
            message = "spec.maxPricePerGpuHour must be a non-negative decimal string such as 0.45")
    private String maxPricePerGpuHour;

    @Default("true")
    @JsonPropertyDescription("Only offers that can be rented now (status.available). Default true.")
    private Boolean availableOnly;

    @Default("PricePerGpuHour")
    @JsonPropertyDescription("Ranking, cheapest first: PricePerGpuHour (default), PricePerHour or PricePerVramGbHour. "
            + "Offers without a normalised price come last.")
    private QuerySort sortBy;

    @Default("5")
    @JsonPropertyDescription("How many offers status.top lists (1-50, default 5).")
    @ValidationRule(value = "self >= 1 && self <= 50", message = "spec.limit must be between 1 and 50")
    private Integer limit;

    public List<String> getProviderRefs() {
        return providerRefs;
    }

    public void setProviderRefs(List<String> providerRefs) {
        this.providerRefs = providerRefs;
    }

    public List<String> getGpuModels() {
        return gpuModels;
    }

    public void setGpuModels(List<String> gpuModels) {
        this.gpuModels = gpuModels;
    }

    public Integer getMinGpus() {
        return minGpus;
    }

    public void setMinGpus(Integer minGpus) {
        this.minGpus = minGpus;
    }

    public Integer getMinVramGbPerGpu() {
        return minVramGbPerGpu;
    }

    public void setMinVramGbPerGpu(Integer minVramGbPerGpu) {
        this.minVramGbPerGpu = minVramGbPerGpu;
    }

    public List<String> getCountries() {
        return countries;
    }

    public void setCountries(List<String> countries) {
        this.countries = countries;
    }

    public String getMinCudaVersion() {
        return minCudaVersion;
    }

    public void setMinCudaVersion(String minCudaVersion) {
        this.minCudaVersion = minCudaVersion;
    }

    public String getMaxPricePerGpuHour() {
        return maxPricePerGpuHour;
    }

    public void setMaxPricePerGpuHour(String maxPricePerGpuHour) {
        this.maxPricePerGpuHour = maxPricePerGpuHour;
    }

    public Boolean getAvailableOnly() {
        return availableOnly;
    }

    public void setAvailableOnly(Boolean availableOnly) {
        this.availableOnly = availableOnly;
    }

    public QuerySort getSortBy() {
        return sortBy;
    }

    public void setSortBy(QuerySort sortBy) {
        this.sortBy = sortBy;
    }

    public Integer getLimit() {
        return limit;
    }

    public void setLimit(Integer limit) {
        this.limit = limit;
    }
}
