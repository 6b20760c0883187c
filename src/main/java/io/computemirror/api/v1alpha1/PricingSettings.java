package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How a Clore account's listed prices become comparable ({@code status.normalizedPrice} of its GpuOffers): the time a
 * listed amount pays for, the currency to convert to, and where exchange rates come from. Absent: unit Day, currency
 * USD, no exchange rates (only prices listed in USD are normalised).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PricingSettings {

    /** Defaults used when spec.clore.pricing (or one of its fields) is absent; the CRD documents the same values. */
    public static final PriceUnit DEFAULT_UNIT = PriceUnit.Day;

    public static final String DEFAULT_CURRENCY = "USD";
    public static final String DEFAULT_MAX_RATE_AGE = "24h";

    @JsonPropertyDescription("The time one listed amount pays for: Hour or Day (default Day: the listings are Clore "
            + "marketplace offers, and clore.ai's marketplace and GigaSPOT quote prices per day). Set Hour if your "
            + "account's prices are per hour.")
    private PriceUnit unit;

    @Size(max = 10)
    @JsonPropertyDescription("Currency of status.normalizedPrice (default USD), e.g. USD, EUR or BTC.")
    @ValidationRule(
            value = "self.matches('^[A-Z][A-Z0-9]{1,9}$')",
            message = "spec.clore.pricing.currency must be an upper-case currency code such as USD or BTC")
    private String currency;

    @JsonPropertyDescription(
            "A ConfigMap in this namespace holding exchange rates: each key is FROM-TO (e.g. BTC-USD), "
                    + "each value '<rate> <RFC 3339 time>', e.g. '97000.5 2026-12-02T12:00:00Z' (1 BTC = 97000.5 USD at that time).")
    private ConfigMapRef ratesConfigMapRef;

    @Size(max = 2048)
    @JsonPropertyDescription(
            "Optional URL answering GET with {\"rates\":[{\"from\":\"BTC\",\"to\":\"USD\",\"rate\":\"97000.5\","
                    + "\"time\":\"2026-12-02T12:00:00Z\"}]}. Read at every poll; when the ConfigMap and the endpoint both give a "
                    + "pair, the newer rate is used. Must be https unless the operator allows insecure endpoints.")
    @ValidationRule(
            value = "isURL(self) && url(self).getScheme() in ['https', 'http'] && url(self).getHostname() != ''",
            message =
                    "spec.clore.pricing.ratesEndpoint must be an absolute https URL such as https://rates.example.com/v1/rates")
    @ValidationRule(
            value = "!self.contains('@') && !self.contains('?') && !self.contains('#')",
            message = "spec.clore.pricing.ratesEndpoint must not contain user info, a query or a fragment")
    private String ratesEndpoint;

    @Size(max = 32)
    @Pattern(ComputeProviderSpec.DURATION_PATTERN)
    @JsonPropertyDescription(
            "Oldest exchange rate used (default 24h, 1m to 720h). A rate is used only while its age plus "
                    + "the poll interval is within this bound, so no offer shows a price from an older rate.")
    @ValidationRule(
            value = "duration(self) >= duration('1m') && duration(self) <= duration('720h')",
            message = "spec.clore.pricing.maxRateAge must be between 1m and 720h, for example 24h")
    private String maxRateAge;

    public PriceUnit getUnit() {
        return unit;
    }

    public void setUnit(PriceUnit unit) {
        this.unit = unit;
    }

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String currency) {
        this.currency = currency;
    }

    public ConfigMapRef getRatesConfigMapRef() {
        return ratesConfigMapRef;
    }

    public void setRatesConfigMapRef(ConfigMapRef ratesConfigMapRef) {
        this.ratesConfigMapRef = ratesConfigMapRef;
    }

    public String getRatesEndpoint() {
        return ratesEndpoint;
    }

    public void setRatesEndpoint(String ratesEndpoint) {
        this.ratesEndpoint = ratesEndpoint;
    }

    public String getMaxRateAge() {
        return maxRateAge;
    }

    public void setMaxRateAge(String maxRateAge) {
        this.maxRateAge = maxRateAge;
    }

    /** A ConfigMap in the ComputeProvider's own namespace. */
    public static class ConfigMapRef {

        @io.fabric8.generator.annotation.Required
        @Size(min = 1, max = 253)
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
        private String name;

        public ConfigMapRef() {}

        public ConfigMapRef(String name) {
            this.name = name;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }
}
