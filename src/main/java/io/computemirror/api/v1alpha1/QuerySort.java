package io.computemirror.api.v1alpha1;

/** The normalised price a GpuOfferQuery ranks by, cheapest first. */
public enum QuerySort {
    PricePerGpuHour,
    PricePerHour,
    PricePerVramGbHour
}
