package io.computemirror.api.v1alpha1;

/** Values of Clore's machine_status filter. */
public enum OfferAvailability {
    available,
    unavailable
}
