package io.computemirror.api.v1alpha1;

/** How the Vast offers searched for are priced and rented ({@code spec.vast.filter.rental}). */
public enum VastRental {
    /** Fixed price. */
    OnDemand,
    /** Interruptible, priced from the lowest bid. */
    Interruptible
}
