package io.computemirror.actuation;

import java.util.List;
import java.util.Optional;

import io.computemirror.api.v1alpha1.Machine;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

/**
 * Where a Machine's desired suspension comes from: the one place that decides what the actuation acts on. The
 * default ({@link SpecSuspensions}) reads the Machine's own {@code spec.suspended}; a MachineSchedule controller
 * provides another bean that asks the spec first and its schedules second
 * ({@code io.computemirror.schedule.ScheduleDecisions}).
 */
public interface DesiredSuspensions {

    /** The desired state, or empty when nobody has an opinion (the operator only mirrors the machine). */
    Optional<DesiredSuspension> of(Machine machine);

    /**
     * Whether an operation for {@code desired} may be sent now (a source may limit how many machines change state at
     * once); a refused machine is looked at again later. Every {@code true} is followed by exactly one
     * {@link #ended} for this machine: with the operation's id when it ends, or with null when none was started.
     */
    default boolean mayStart(Machine machine, DesiredSuspension desired) {
        return true;
    }

    /** The machine's operation ended ({@code operationId}), or none was started after {@link #mayStart} (null). */
    default void ended(Machine machine, String operationId) {}

    /** Event sources that make the actuation look at a Machine when this source's decision for it may change. */
    default List<EventSource<?, Machine>> eventSources(EventSourceContext<Machine> context) {
        return List.of();
    }
}
