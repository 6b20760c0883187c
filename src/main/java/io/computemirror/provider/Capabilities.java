package io.computemirror.provider;

import java.util.Objects;

/**
 * What a provider can do; its clients implement the matching interfaces.
 *
 * @param listsMachines its clients are {@link MachineSource}s (Machine mirrors)
 * @param listsOffers its clients are {@link OfferSource}s (GpuOffer mirrors)
 * @param suspendStyle whether and how machines are suspended: {@link OperationLifecycle} or {@link LevelLifecycle}
 */
public record Capabilities(boolean listsMachines, boolean listsOffers, SuspendStyle suspendStyle) {

    public Capabilities {
        Objects.requireNonNull(suspendStyle, "suspendStyle");
    }

    /** Whether {@code spec.suspended} of the provider's Machines can be acted on. */
    public boolean canSuspend() {
        return suspendStyle.canSuspend();
    }
}
