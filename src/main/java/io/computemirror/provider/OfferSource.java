package io.computemirror.provider;

/** A provider account whose marketplace offers can be listed (Clore). */
public interface OfferSource extends ProviderClient {

    /** Every offer matching the account's filter, all pages followed, at most {@code maxOffers}; says whether complete. */
    Listing<OfferObservation> listOffers();
}
