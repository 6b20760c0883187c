package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** One listed price; {@code id} is what a renter quotes to get exactly this price. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OfferPrice {
    @Size(max = 64)
    private String id;

    @Size(max = 64)
    @Pattern("^-?[0-9]+(\\.[0-9]+)?$")
    @JsonPropertyDescription("Exact decimal amount as listed, e.g. 0.25.")
    private String amount;

    @Size(max = 16)
    private String currency;

    public OfferPrice() {}

    public OfferPrice(String id, String amount, String currency) {
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
