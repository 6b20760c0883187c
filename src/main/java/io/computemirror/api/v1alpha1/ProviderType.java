package io.computemirror.api.v1alpha1;

/**
 * The compute providers compute-mirror can mirror, spelled as users write them in {@code spec.type}. The one
 * provider type of the project: the provider layer uses it too, so what a provider can do is answered here.
 */
public enum ProviderType {
    Quiva(false, false),
    Clore(false, true),
    Akua(true, false);

    private final boolean canSuspend;
    private final boolean listsOffers;

    ProviderType(boolean canSuspend, boolean listsOffers) {
        this.canSuspend = canSuspend;
        this.listsOffers = listsOffers;
    }

    /** Whether the provider has a lifecycle API, so {@code spec.suspended} of its Machines can be acted on. */
    public boolean canSuspend() {
        return canSuspend;
    }

    /** Whether the provider lists marketplace offers (GpuOffer mirrors) rather than machines (Machine mirrors). */
    public boolean listsOffers() {
        return listsOffers;
    }
}
