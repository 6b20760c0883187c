package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * An offer's price made comparable: one currency, per hour, per GPU-hour and per GB-of-VRAM-hour. Values are exact
 * decimal strings computed with BigDecimal (34 significant digits) and rounded half-even to 10 decimal places once,
 * trailing zeros removed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NormalizedPrice {

    static final String DECIMAL = "^[0-9]+(\\.[0-9]+)?$";

    @Size(max = 10)
    @JsonPropertyDescription("The ComputeProvider's spec.clore.pricing.currency (default USD).")
    private String currency;

    @Size(max = 64)
    @Pattern(DECIMAL)
    @JsonPropertyDescription("Price of the whole machine per hour.")
    private String perHour;

    @Size(max = 64)
    @Pattern(DECIMAL)
    @JsonPropertyDescription("perHour divided by the number of GPUs.")
    private String perGpuHour;

    @Size(max = 64)
    @Pattern(DECIMAL)
    @JsonPropertyDescription("perHour divided by the total GPU memory in GB.")
    private String perVramGbHour;

    @JsonPropertyDescription("The listed price used and how it was converted.")
    private Basis basis;

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String currency) {
        this.currency = currency;
    }

    public String getPerHour() {
        return perHour;
    }

    public void setPerHour(String perHour) {
        this.perHour = perHour;
    }

    public String getPerGpuHour() {
        return perGpuHour;
    }

    public void setPerGpuHour(String perGpuHour) {
        this.perGpuHour = perGpuHour;
    }

    public String getPerVramGbHour() {
        return perVramGbHour;
    }

    public void setPerVramGbHour(String perVramGbHour) {
        this.perVramGbHour = perVramGbHour;
    }

    public Basis getBasis() {
        return basis;
    }

    public void setBasis(Basis basis) {
        this.basis = basis;
    }

    /** The listed price a normalised price comes from: the cheapest one that could be converted. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Basis {
        @Size(max = 64)
        @JsonPropertyDescription("The listed price's id (machine_price_id when renting).")
        private String priceId;

        @Size(max = 64)
        @JsonPropertyDescription("The listed amount, exactly as listed.")
        private String amount;

        @Size(max = 16)
        private String currency;

        @JsonPropertyDescription("The time the listed amount was assumed to pay for (spec.clore.pricing.unit).")
        private PriceUnit unit;

        @Size(max = 64)
        @JsonPropertyDescription(
                "Units of the normalised currency per unit of the listed one (1 when they are the same).")
        private String rate;

        @Size(max = 64)
        @JsonPropertyDescription("When the exchange rate was observed (absent when no conversion was needed).")
        private String rateTime;

        @Size(max = 512)
        @JsonPropertyDescription("Where the rate came from: ConfigMap <name> key <FROM-TO>, or endpoint <url>.")
        private String rateSource;

        public String getPriceId() {
            return priceId;
        }

        public void setPriceId(String priceId) {
            this.priceId = priceId;
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

        public PriceUnit getUnit() {
            return unit;
        }

        public void setUnit(PriceUnit unit) {
            this.unit = unit;
        }

        public String getRate() {
            return rate;
        }

        public void setRate(String rate) {
            this.rate = rate;
        }

        public String getRateTime() {
            return rateTime;
        }

        public void setRateTime(String rateTime) {
            this.rateTime = rateTime;
        }

        public String getRateSource() {
            return rateSource;
        }

        public void setRateSource(String rateSource) {
            this.rateSource = rateSource;
        }
    }

    /** Why an offer has no normalised price. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Problem {
        @Size(max = 64)
        @JsonPropertyDescription("NoListedPrice, NoExchangeRate, ExchangeRateTooOld, RatesUnavailable or InvalidPrice.")
        private String reason;

        @Size(max = 1024)
        private String message;

        public Problem() {}

        public Problem(String reason, String message) {
            this.reason = reason;
            this.message = message;
        }

        public String getReason() {
            return reason;
        }

        public void setReason(String reason) {
            this.reason = reason;
        }

        public String getMessage() {
            return message;
        }

        public void setMessage(String message) {
            this.message = message;
        }
    }
}
