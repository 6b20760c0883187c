package io.computemirror.provider;

/** A provider account whose machines can be listed ({@link Capabilities#listsMachines()}). */
public interface MachineSource extends ProviderClient {

    /** Every machine of the account, all pages followed; says whether the listing is complete. */
    Listing<MachineObservation> listMachines();

    /** The client's machine listing; fails for a client whose provider lists offers instead. */
    static MachineSource of(ProviderClient client) {
        if (client instanceof MachineSource source) {
            return source;
        }
        throw new IllegalArgumentException(
                "provider type " + client.account().type() + " has no machines, only offers");
    }
}
