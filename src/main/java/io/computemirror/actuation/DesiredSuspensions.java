package io.computemirror.actuation;

import java.util.Optional;

import io.computemirror.api.v1alpha1.Machine;

/**
 * Where a Machine's desired suspension comes from: the one place that decides what the actuation acts on. The
 * default ({@link SpecSuspensions}) reads the Machine's own {@code spec.suspended}; a MachineSchedule controller
 * provides another bean that asks the spec first and its schedules second.
 */
public interface DesiredSuspensions {

    /** The desired state, or empty when nobody has an opinion (the operator only mirrors the machine). */
    Optional<DesiredSuspension> of(Machine machine);
}
