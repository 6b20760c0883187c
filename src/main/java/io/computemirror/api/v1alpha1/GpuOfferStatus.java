package io.computemirror.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** What the marketplace last listed for an offer. Prices are exact decimal strings, never floating point. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GpuOfferStatus implements MirrorStatus {

    private GpuOfferPhase phase;

    @Size(max = 64)
    @JsonPropertyDescription("The listing's own status word (e.g. available), unchanged.")
    private String providerState;

    private Boolean available;

    @Size(max = 32)
    private List<Gpu> gpus;

    @Size(max = 256)
    @JsonPropertyDescription("One-line GPU summary, e.g. 2x Nvidia GeForce 3090.")
    private String gpuSummary;

    private Integer gpuCount;

    @JsonPropertyDescription("Sum of GPU memory in GB.")
    private Double totalVramGb;

    private Cpu cpu;

    @JsonPropertyDescription("System memory in GB.")
    private Double memoryGb;

    private Storage storage;

    @JsonPropertyDescription("Network bandwidth in Mbps.")
    private Double bandwidthMbps;

    private Location location;

    @Size(max = 32)
    private String cudaVersion;

    @Size(max = 16)
    @JsonPropertyDescription("Every listed price; the first is shown by kubectl.")
    private List<Price> prices;

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

    @Size(max = 64)
    @JsonPropertyDescription("When the provider stopped listing this object (phase Gone); the resource is deleted "
            + "after the ComputeProvider's goneGracePeriod.")
    private String goneSince;

    private Long observedGeneration;

    @Size(max = ApiConstants.MAX_CONDITIONS)
    private List<Condition> conditions = new ArrayList<>();

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

    public List<Gpu> getGpus() {
        return gpus;
    }

    public void setGpus(List<Gpu> gpus) {
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

    public Cpu getCpu() {
        return cpu;
    }

    public void setCpu(Cpu cpu) {
        this.cpu = cpu;
    }

    public Double getMemoryGb() {
        return memoryGb;
    }

    public void setMemoryGb(Double memoryGb) {
        this.memoryGb = memoryGb;
    }

    public Storage getStorage() {
        return storage;
    }

    public void setStorage(Storage storage) {
        this.storage = storage;
    }

    public Double getBandwidthMbps() {
        return bandwidthMbps;
    }

    public void setBandwidthMbps(Double bandwidthMbps) {
        this.bandwidthMbps = bandwidthMbps;
    }

    public Location getLocation() {
        return location;
    }

    public void setLocation(Location location) {
        this.location = location;
    }

    public String getCudaVersion() {
        return cudaVersion;
    }

    public void setCudaVersion(String cudaVersion) {
        this.cudaVersion = cudaVersion;
    }

    public List<Price> getPrices() {
        return prices;
    }

    public void setPrices(List<Price> prices) {
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

    public String getGoneSince() {
        return goneSince;
    }

    public void setGoneSince(String goneSince) {
        this.goneSince = goneSince;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    /** One GPU of an offer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Gpu {
        @Size(max = 128)
        private String name;

        private Double memoryGb;
        private Integer cudaCores;
        private Integer tensorCores;

        @JsonPropertyDescription("Performance in TFLOPs.")
        private Double tflops;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Double getMemoryGb() {
            return memoryGb;
        }

        public void setMemoryGb(Double memoryGb) {
            this.memoryGb = memoryGb;
        }

        public Integer getCudaCores() {
            return cudaCores;
        }

        public void setCudaCores(Integer cudaCores) {
            this.cudaCores = cudaCores;
        }

        public Integer getTensorCores() {
            return tensorCores;
        }

        public void setTensorCores(Integer tensorCores) {
            this.tensorCores = tensorCores;
        }

        public Double getTflops() {
            return tflops;
        }

        public void setTflops(Double tflops) {
            this.tflops = tflops;
        }
    }

    /** CPU of an offer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Cpu {
        @Size(max = 128)
        private String model;

        @Size(max = 32)
        private String arch;

        private Integer cores;
        private Integer threads;
        private Integer baseClockMhz;
        private Integer boostClockMhz;

        public String getModel() {
            return model;
        }

        public void setModel(String model) {
            this.model = model;
        }

        public String getArch() {
            return arch;
        }

        public void setArch(String arch) {
            this.arch = arch;
        }

        public Integer getCores() {
            return cores;
        }

        public void setCores(Integer cores) {
            this.cores = cores;
        }

        public Integer getThreads() {
            return threads;
        }

        public void setThreads(Integer threads) {
            this.threads = threads;
        }

        public Integer getBaseClockMhz() {
            return baseClockMhz;
        }

        public void setBaseClockMhz(Integer baseClockMhz) {
            this.baseClockMhz = baseClockMhz;
        }

        public Integer getBoostClockMhz() {
            return boostClockMhz;
        }

        public void setBoostClockMhz(Integer boostClockMhz) {
            this.boostClockMhz = boostClockMhz;
        }
    }

    /** Storage of an offer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Storage {
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

    /** Where an offer's machine is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Location {
        @Size(max = 64)
        private String country;

        @Size(max = 128)
        private String city;

        public String getCountry() {
            return country;
        }

        public void setCountry(String country) {
            this.country = country;
        }

        public String getCity() {
            return city;
        }

        public void setCity(String city) {
            this.city = city;
        }
    }

    /** One listed price; {@code id} is what a renter quotes to get exactly this price. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Price {
        @Size(max = 64)
        private String id;

        @Size(max = 64)
        @Pattern("^-?[0-9]+(\\.[0-9]+)?$")
        @JsonPropertyDescription("Exact decimal amount as listed, e.g. 0.25.")
        private String amount;

        @Size(max = 16)
        private String currency;

        public Price() {}

        public Price(String id, String amount, String currency) {
            this.id = id;
            this.amount = amount;
            this.currency = currency;
        }

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getAmount() {
            return amount;
        }

        public void setAmount(String amount) {
            this.amount = amount;
        }

        public String getCurrency() {
            return currency;
        }

        public void setCurrency(String currency) {
            this.currency = currency;
        }
    }
}
