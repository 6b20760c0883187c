package io.computemirror.actuation;

import java.util.Optional;

import io.computemirror.api.v1alpha1.Machine;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** The Machine's own {@code spec.suspended} decides; absent means no opinion. Replaced by any other such bean. */
@ApplicationScoped
@DefaultBean
public class SpecSuspensions implements DesiredSuspensions {

    @Override
    public Optional<DesiredSuspension> of(Machine machine) {
        return decide(machine);
    }

    /** The spec's decision, as a pure function (also what other sources ask first: an explicit spec wins). */
    public static Optional<DesiredSuspension> decide(Machine machine) {
        Boolean suspended = machine.getSpec() == null ? null : machine.getSpec().getSuspended();
        return suspended == null
                ? Optional.empty()
                : Optional.of(DesiredSuspension.bySpec(
                        suspended, machine.getMetadata().getUid(), ActuationRules.generation(machine)));
    }
}
