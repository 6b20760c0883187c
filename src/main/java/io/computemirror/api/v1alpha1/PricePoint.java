package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** One entry of an offer's price history: the listed price from a time on, and its normalised per-GPU-hour price. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PricePoint {

    @Size(max = 64)
    @JsonPropertyDescription("When the operator first saw this price (RFC 3339).")
    private String time;

    @Size(max = 64)
    @JsonPropertyDescription("The listed amount (the normalised price's basis, else the first listed price).")
    private String amount;

    @Size(max = 16)
    private String currency;

    @Size(max = 64)
    @JsonPropertyDescription("status.normalizedPrice.perGpuHour at that time; absent when it could not be normalised.")
    private String perGpuHour;

    @Size(max = 10)
    @JsonPropertyDescription("Currency of perGpuHour.")
    private String normalizedCurrency;

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
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

    public String getPerGpuHour() {
        return perGpuHour;
    }

    public void setPerGpuHour(String perGpuHour) {
        this.perGpuHour = perGpuHour;
    }

    public String getNormalizedCurrency() {
        return normalizedCurrency;
    }

    public void setNormalizedCurrency(String normalizedCurrency) {
        this.normalizedCurrency = normalizedCurrency;
    }
}
