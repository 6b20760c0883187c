package io.computemirror.actuation;

import java.util.Set;
import java.util.function.Consumer;

import io.computemirror.api.v1alpha1.Machine;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;

/**
 * Hears the deletion of a Machine, without a finalizer: JOSDK hands every event of the primary resource to the
 * controller's event sources that are {@link ResourceEventAware}. It supplies no resources and triggers nothing.
 * <p>
 * (The {@code triggerReconcilerOnAllEvents} switch of {@code @ControllerConfiguration}, which would call the
 * reconciler on deletions, is lost on the way with quarkus-operator-sdk 7.4.0: its configuration class implements
 * {@code isTriggerReconcilerOnAllEvents()}, while JOSDK 5.2 asks {@code triggerReconcilerOnAllEvents()}.)
 */
final class MachineDeletions extends AbstractEventSource<Void, Machine> implements ResourceEventAware<Machine> {

    private final Consumer<String> forgetUid;

    MachineDeletions(Consumer<String> forgetUid) {
        super(Void.class, "machine-deletions");
        this.forgetUid = forgetUid;
    }

    @Override
    public void onResourceDeleted(Machine machine) {
        forgetUid.accept(machine.getMetadata().getUid());
    }

    @Override
    public Set<Void> getSecondaryResources(Machine primary) {
        return Set.of();
    }
}
