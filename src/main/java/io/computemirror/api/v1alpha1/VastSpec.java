package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Vast.ai account settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VastSpec {

    @JsonPropertyDescription("What to mirror: Offers (marketplace offers as GpuOffers), Instances (the account's "
            + "instances as Machines) or Both (default).")
    private VastListings listings;

    @JsonPropertyDescription("The marketplace search (POST /api/v0/bundles/).")
    private VastFilter filter;

    @Min(1)
    @Max(65536)
    @JsonPropertyDescription("Disk in GB that Vast prices into each offer's price (1-65536, default 5).")
    private Integer allocatedStorageGb;

    @Min(1)
    @Max(10000)
    @JsonPropertyDescription("The most offers mirrored (1-10000, default 2000); the cheapest are kept. A search that "
            + "reaches it is incomplete and marks no offer Gone.")
    private Integer limit;

    // Vast lists every price per hour; a Day unit would inflate every normalised price 24 times.
    @JsonPropertyDescription("How listed prices are normalised (status.normalizedPrice of the offers): currency "
            + "(default USD) and exchange rates. Vast lists USD per hour, so unit is Hour.")
    @ValidationRule(
            value = "!has(self.unit) || self.unit == 'Hour'",
            message = "spec.vast.pricing.unit must be Hour: Vast lists prices per hour (or leave it out)")
    private PricingSettings pricing;

    public VastListings getListings() {
        return listings;
    }

    public void setListings(VastListings listings) {
        this.listings = listings;
    }

    public VastFilter getFilter() {
        return filter;
    }

    public void setFilter(VastFilter filter) {
        this.filter = filter;
    }

    public Integer getAllocatedStorageGb() {
        return allocatedStorageGb;
    }

    public void setAllocatedStorageGb(Integer allocatedStorageGb) {
        this.allocatedStorageGb = allocatedStorageGb;
    }

    public Integer getLimit() {
        return limit;
    }

    public void setLimit(Integer limit) {
        this.limit = limit;
    }

    public PricingSettings getPricing() {
        return pricing;
    }

    public void setPricing(PricingSettings pricing) {
        this.pricing = pricing;
    }
}
