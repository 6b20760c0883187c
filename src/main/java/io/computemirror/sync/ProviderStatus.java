package io.computemirror.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderStatus;
import io.computemirror.api.v1alpha1.Conditions;
import io.computemirror.api.v1alpha1.Text;
import io.computemirror.provider.Listing;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * How the sync writes a ComputeProvider's own status: its conditions ({@code Ready}, and {@code Stalled} only while a
 * person must act), the listing report, and a status patch only when something really changed.
 */
final class ProviderStatus {

    private ProviderStatus() {}

    static ComputeProviderStatus.Listing listingStatus(Listing<?> listing) {
        ComputeProviderStatus.Listing out = new ComputeProviderStatus.Listing();
        out.setComplete(listing.isComplete());
        out.setSeen(listing.items().size());
        out.setExpected(listing.expected());
        if (!listing.isComplete()) {
            out.setReason(listing.incomplete().reason().name());
            out.setMessage(Text.clip(listing.incomplete().message(), ApiConstants.MAX_TEXT));
        }
        return out;
    }

    static void setStalled(ComputeProviderStatus status, String reason, String message, long generation, Instant now) {
        status.setConditions(Conditions.set(
                status.getConditions(), ApiConstants.CONDITION_STALLED, true, reason, message, generation, now));
    }

    /** Stalled is only present while a person must act; kstatus reads its absence as nothing blocking. */
    static void clearStalled(ComputeProviderStatus status) {
        status.setConditions(status.getConditions().stream()
                .filter(c -> !ApiConstants.CONDITION_STALLED.equals(c.getType()))
                .toList());
    }

    static void setReady(
            ComputeProviderStatus status, boolean ready, String reason, String message, long generation, Instant now) {
        status.setConditions(Conditions.set(
                status.getConditions(), ApiConstants.CONDITION_READY, ready, reason, message, generation, now));
    }

    static UpdateControl<ComputeProvider> patchIfChanged(
            ComputeProvider cp, ComputeProviderStatus previous, ComputeProviderStatus status, Duration reschedule) {
        UpdateControl<ComputeProvider> control = sameJson(previous, status)
                ? UpdateControl.noUpdate()
                : UpdateControl.patchStatus(withStatus(cp, status));
        return reschedule == null ? control : control.rescheduleAfter(reschedule);
    }

    static ComputeProvider withStatus(ComputeProvider cp, ComputeProviderStatus status) {
        cp.setStatus(status);
        return cp;
    }

    static boolean sameJson(Object a, Object b) {
        return Objects.equals(Serialization.asJson(a), Serialization.asJson(b));
    }

    static ComputeProviderStatus copyOf(ComputeProviderStatus status) {
        ComputeProviderStatus copy = Serialization.clone(status);
        if (copy.getConditions() == null) {
            copy.setConditions(List.of());
        }
        return copy;
    }
}
