package io.computemirror.api.v1alpha1;

/** The time a listed Clore price pays for (the listing itself does not say). */
public enum PriceUnit {
    Hour,
    Day
}
