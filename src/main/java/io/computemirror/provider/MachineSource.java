package io.computemirror.provider;

import java.util.List;

/** A provider account whose machines can be listed (Quiva, Akua). */
public interface MachineSource extends ProviderClient {

    /** Every machine of the account, all pages followed. */
    List<MachineObservation> listMachines();
}
