package io.computemirror.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.provider.OfferObservation;

/**
 * The sync's own plan for a first poll, for the benchmark's baseline: the raw client writes the very objects the
 * operator writes (labels, annotation, owner reference, status with conditions and price history), so the ratio
 * measures what the operator adds around the writes, not a difference in what is written.
 */
public final class BenchSupport {

    /** One new mirror: the object to create, then the status to apply. */
    public record FirstWrite(GpuOffer create, GpuOffer status) {}

    private BenchSupport() {}

    public static List<FirstWrite> firstPoll(ComputeProvider owner, String endpoint, List<OfferObservation> listed) {
        SyncPlan.Result<GpuOffer> plan = new SyncPlan<>(new OfferMirrors(), MirrorOwner.of(owner), Instant.now())
                .afterPoll(listed, List.of(), SyncPlan.syncedMessage(endpoint), Duration.ofHours(1), Set.of(), true);
        return plan.writes().stream()
                .map(write -> new FirstWrite(write.identity(), write.status()))
                .toList();
    }
}
