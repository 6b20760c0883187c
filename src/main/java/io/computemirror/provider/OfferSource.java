package io.computemirror.provider;

/** A provider account whose marketplace offers can be listed ({@link Capabilities#listsOffers()}). */
public interface OfferSource extends ProviderClient {

    /** Every offer matching the account's filter, all pages followed, at most its maximum; says whether complete. */
    Listing<OfferObservation> listOffers();

    /** The client's offer listing; fails for a client whose provider lists machines instead. */
    static OfferSource of(ProviderClient client) {
        if (client instanceof OfferSource source) {
            return source;
        }
        throw new IllegalArgumentException("provider type " + client.account().type() + " has no offers");
    }
}
