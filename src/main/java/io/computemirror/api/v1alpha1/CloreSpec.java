package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Clore on Hiveon account settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CloreSpec {
    @JsonPropertyDescription("Filter passed to GET /clore/v1/machines.")
    private CloreFilter filter;

    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("Offers requested per page (1-1000, default 100).")
    private Integer pageSize;

    @Min(1)
    @Max(100000)
    @JsonPropertyDescription("Upper bound of offers mirrored from this account (1-100000, default 10000).")
    private Integer maxOffers;

    @JsonPropertyDescription("How listed prices are normalised (status.normalizedPrice of the offers): unit "
            + "(default Day), currency (default USD), exchange rates.")
    private PricingSettings pricing;

    public PricingSettings getPricing() {
        return pricing;
    }

    public void setPricing(PricingSettings pricing) {
        this.pricing = pricing;
    }

    public CloreFilter getFilter() {
        return filter;
    }

    public void setFilter(CloreFilter filter) {
        this.filter = filter;
    }

    public Integer getPageSize() {
        return pageSize;
    }

    public void setPageSize(Integer pageSize) {
        this.pageSize = pageSize;
    }

    public Integer getMaxOffers() {
        return maxOffers;
    }

    public void setMaxOffers(Integer maxOffers) {
        this.maxOffers = maxOffers;
    }
}
