package io.computemirror.provider;

import java.util.Locale;

/**
 * What a provider request is for, as the {@code operation} label of the request metrics shows it. A closed set, so
 * the label's cardinality stays bounded whatever ids the request path carries.
 */
public enum RequestOperation {
    /** A page of machines or offers. */
    LIST,
    /** One machine by id. */
    GET,
    SUSPEND,
    RESUME,
    /** A level-style state change (one request that sets the desired state). */
    SET_STATE,
    /** Reading a long-running provider operation. */
    OPERATION,
    /** Obtaining or renewing a session token. */
    AUTH,
    /** The exchange rates. */
    RATES;

    /** The label value: lower case, e.g. {@code set_state}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
