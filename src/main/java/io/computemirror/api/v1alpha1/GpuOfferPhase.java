package io.computemirror.api.v1alpha1;

/** Whether a marketplace offer can be rented now. */
public enum GpuOfferPhase {
    Available,
    Unavailable,
    Gone,
    Unknown
}
