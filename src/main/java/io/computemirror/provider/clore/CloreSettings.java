package io.computemirror.provider.clore;

import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderSettings;

/**
 * The settings of a Clore on Hiveon account.
 *
 * @param filter which offers to list
 * @param pageSize Clore {@code page_size} per request (1..1000)
 * @param maxOffers the most offers one listing returns; listing stops there
 */
public record CloreSettings(CloreOfferFilter filter, int pageSize, int maxOffers) implements ProviderSettings {

    /** Default page size: large enough for few requests, small enough for modest responses (the sandbox's maximum). */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** Default upper bound of offers per listing. */
    public static final int DEFAULT_MAX_OFFERS = 10_000;

    public CloreSettings {
        filter = filter == null ? CloreOfferFilter.none() : filter;
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("clorePageSize must be in 1..1000, got " + pageSize);
        }
        if (maxOffers < 1) {
            throw new IllegalArgumentException("maxOffers must be >= 1, got " + maxOffers);
        }
    }

    public static CloreSettings defaults() {
        return new CloreSettings(null, DEFAULT_PAGE_SIZE, DEFAULT_MAX_OFFERS);
    }

    /** The account's settings, or the defaults when it has none. */
    static CloreSettings of(ProviderAccount account) {
        return account.settings() == null ? defaults() : (CloreSettings) account.settings();
    }
}
