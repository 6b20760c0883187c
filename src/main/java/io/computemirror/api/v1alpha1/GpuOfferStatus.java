package io.computemirror.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** What the marketplace last listed for an offer. Prices are exact decimal strings, never floating point. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GpuOfferStatus extends MirrorStatus {

    private GpuOfferPhase phase;

    @Size(max = 64)
    @JsonPropertyDescription("The listing's own status word (e.g. available), unchanged.")
    private String providerState;

    private Boolean available;

    @Size(max = 32)
    private List<OfferGpu> gpus;

    @Size(max = 256)
    @JsonPropertyDescription("One-line GPU summary, e.g. 2x Nvidia GeForce 3090.")
    private String gpuSummary;

    private Integer gpuCount;

    @JsonPropertyDescription("Sum of GPU memory in GB.")
    private Double totalVramGb;

    private OfferCpu cpu;

    @JsonPropertyDescription("System memory in GB.")
    private Double memoryGb;

    private OfferStorage storage;

    @JsonPropertyDescription("Network bandwidth in Mbps.")
    private Double bandwidthMbps;

    private OfferLocation location;

    @Size(max = 32)
    private String cudaVersion;

    @Size(max = 16)
    @JsonPropertyDescription("Every listed price; the first is shown by kubectl.")
    private List<OfferPrice> prices;

    @JsonPropertyDescription("The cheapest listed price that converts, in the ComputeProvider's pricing currency per "
            + "hour, GPU-hour and GB-of-VRAM-hour; absent when no listed price converts (see normalizedPriceProblem).")
    private NormalizedPrice normalizedPrice;

    @JsonPropertyDescription("Why normalizedPrice is absent; absent when there is one.")
    private NormalizedPrice.Problem normalizedPriceProblem;

    @Size(max = 64)
    @JsonPropertyDescription("When the operator first saw this offer (RFC 3339).")
    private String firstSeenTime;

    @Size(max = 64)
    @JsonPropertyDescription("When the operator last saw the listed prices change; absent before the first change.")
    private String lastPriceChangeTime;

    @Size(max = 10)
    @JsonPropertyDescription("The price when first seen and at each later change, oldest first; the last 10.")
    private List<PricePoint> priceHistory;

    public GpuOfferPhase getPhase() {
        return phase;
    }

    public void setPhase(GpuOfferPhase phase) {
        this.phase = phase;
    }

    public String getProviderState() {
        return providerState;
    }

    public void setProviderState(String providerState) {
        this.providerState = providerState;
    }

    public Boolean getAvailable() {
        return available;
    }

    public void setAvailable(Boolean available) {
        this.available = available;
    }

    public List<OfferGpu> getGpus() {
        return gpus;
    }

    public void setGpus(List<OfferGpu> gpus) {
        this.gpus = gpus;
    }

    public String getGpuSummary() {
        return gpuSummary;
    }

    public void setGpuSummary(String gpuSummary) {
        this.gpuSummary = gpuSummary;
    }

    public Integer getGpuCount() {
        return gpuCount;
    }

    public void setGpuCount(Integer gpuCount) {
        this.gpuCount = gpuCount;
    }

    public Double getTotalVramGb() {
        return totalVramGb;
    }

    public void setTotalVramGb(Double totalVramGb) {
        this.totalVramGb = totalVramGb;
    }

    public OfferCpu getCpu() {
        return cpu;
    }

    public void setCpu(OfferCpu cpu) {
        this.cpu = cpu;
    }

    public Double getMemoryGb() {
        return memoryGb;
    }

    public void setMemoryGb(Double memoryGb) {
        this.memoryGb = memoryGb;
    }

    public OfferStorage getStorage() {
        return storage;
    }

    public void setStorage(OfferStorage storage) {
        this.storage = storage;
    }

    public Double getBandwidthMbps() {
        return bandwidthMbps;
    }

    public void setBandwidthMbps(Double bandwidthMbps) {
        this.bandwidthMbps = bandwidthMbps;
    }

    public OfferLocation getLocation() {
        return location;
    }

    public void setLocation(OfferLocation location) {
        this.location = location;
    }

    public String getCudaVersion() {
        return cudaVersion;
    }

    public void setCudaVersion(String cudaVersion) {
        this.cudaVersion = cudaVersion;
    }

    public List<OfferPrice> getPrices() {
        return prices;
    }

    public void setPrices(List<OfferPrice> prices) {
        this.prices = prices;
    }

    public NormalizedPrice getNormalizedPrice() {
        return normalizedPrice;
    }

    public void setNormalizedPrice(NormalizedPrice normalizedPrice) {
        this.normalizedPrice = normalizedPrice;
    }

    public NormalizedPrice.Problem getNormalizedPriceProblem() {
        return normalizedPriceProblem;
    }

    public void setNormalizedPriceProblem(NormalizedPrice.Problem problem) {
        this.normalizedPriceProblem = problem;
    }

    public String getFirstSeenTime() {
        return firstSeenTime;
    }

    public void setFirstSeenTime(String firstSeenTime) {
        this.firstSeenTime = firstSeenTime;
    }

    public String getLastPriceChangeTime() {
        return lastPriceChangeTime;
    }

    public void setLastPriceChangeTime(String lastPriceChangeTime) {
        this.lastPriceChangeTime = lastPriceChangeTime;
    }

    public List<PricePoint> getPriceHistory() {
        return priceHistory;
    }

    public void setPriceHistory(List<PricePoint> priceHistory) {
        this.priceHistory = priceHistory;
    }

    @Override
    public String phaseName() {
        return phase == null ? "Unknown" : phase.name();
    }
}
