package io.computemirror.api.v1alpha1;

import io.computemirror.account.ProviderRegistry;

/**
 * The compute providers compute-mirror can mirror, spelled as users write them in {@code spec.type}. What a provider
 * can do is its kind's ({@link ProviderRegistry}); the two methods here read it, so the API's rules (readiness,
 * schedules) ask the same source as the sync and the actuation.
 */
public enum ProviderType {
    Quiva,
    Clore,
    Akua,
    Vast;

    /** Whether the provider has a lifecycle API, so {@code spec.suspended} of its Machines can be acted on. */
    public boolean canSuspend() {
        return ProviderRegistry.capabilitiesOf(this).canSuspend();
    }

    /** Whether the provider lists marketplace offers (GpuOffer mirrors) rather than machines (Machine mirrors). */
    public boolean listsOffers() {
        return ProviderRegistry.capabilitiesOf(this).listsOffers();
    }
}
