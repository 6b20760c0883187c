package io.computemirror.provider;

/** A provider account whose machines can be listed (Quiva, Akua). */
public interface MachineSource extends ProviderClient {

    /** Every machine of the account, all pages followed; says whether the listing is complete. */
    Listing<MachineObservation> listMachines();
}
