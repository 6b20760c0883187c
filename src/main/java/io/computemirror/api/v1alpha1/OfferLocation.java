package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;

/** Where an offer's machine is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OfferLocation {
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
