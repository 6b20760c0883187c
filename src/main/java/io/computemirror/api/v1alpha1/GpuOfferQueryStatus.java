package io.computemirror.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** The answer of a GpuOfferQuery, written by the operator whenever it changes (and only then). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GpuOfferQueryStatus extends ObservedStatus {

    @JsonPropertyDescription("How many offers match.")
    private Integer matchedOffers;

    @JsonPropertyDescription("The first of top: the cheapest matching offer; absent when none matches.")
    private OfferSummary cheapest;

    @Size(max = 50)
    @JsonPropertyDescription("Up to spec.limit matching offers, cheapest first.")
    private List<OfferSummary> top;

    @Size(max = 64)
    @JsonPropertyDescription("When cheapest last changed (another offer, or its price).")
    private String lastChangeTime;

    public Integer getMatchedOffers() {
        return matchedOffers;
    }

    public void setMatchedOffers(Integer matchedOffers) {
        this.matchedOffers = matchedOffers;
    }

    public OfferSummary getCheapest() {
        return cheapest;
    }

    public void setCheapest(OfferSummary cheapest) {
        this.cheapest = cheapest;
    }

    public List<OfferSummary> getTop() {
        return top;
    }

    public void setTop(List<OfferSummary> top) {
        this.top = top;
    }

    public String getLastChangeTime() {
        return lastChangeTime;
    }

    public void setLastChangeTime(String lastChangeTime) {
        this.lastChangeTime = lastChangeTime;
    }

    /** One matching offer as a query reports it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class OfferSummary {
        @Size(max = 253)
        @JsonPropertyDescription("The GpuOffer's name (same namespace).")
        private String name;

        @Size(max = ApiConstants.MAX_ID)
        private String externalId;

        @Size(max = 253)
        @JsonPropertyDescription("The ComputeProvider listing it.")
        private String provider;

        @Size(max = 256)
        private String gpuSummary;

        private Integer gpuCount;

        @Size(max = 64)
        private String country;

        @Size(max = 64)
        private String pricePerGpuHour;

        @Size(max = 64)
        private String pricePerHour;

        @Size(max = 10)
        private String currency;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getExternalId() {
            return externalId;
        }

        public void setExternalId(String externalId) {
            this.externalId = externalId;
        }

        public String getProvider() {
            return provider;
        }

        public void setProvider(String provider) {
            this.provider = provider;
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

        public String getCountry() {
            return country;
        }

        public void setCountry(String country) {
            this.country = country;
        }

        public String getPricePerGpuHour() {
            return pricePerGpuHour;
        }

        public void setPricePerGpuHour(String pricePerGpuHour) {
            this.pricePerGpuHour = pricePerGpuHour;
        }

        public String getPricePerHour() {
            return pricePerHour;
        }

        public void setPricePerHour(String pricePerHour) {
            this.pricePerHour = pricePerHour;
        }

        public String getCurrency() {
            return currency;
        }

        public void setCurrency(String currency) {
            this.currency = currency;
        }
    }
}
