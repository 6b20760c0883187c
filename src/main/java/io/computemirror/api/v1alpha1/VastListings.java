package io.computemirror.api.v1alpha1;

/** Which of a Vast account's two listings are mirrored ({@code spec.vast.listings}). */
public enum VastListings {
    /** Marketplace offers as GpuOffers. */
    Offers,
    /** The account's own instances as Machines. */
    Instances,
    /** Both. */
    Both
}
