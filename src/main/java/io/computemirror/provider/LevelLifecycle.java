package io.computemirror.provider;

/**
 * Suspend and resume of a provider whose change is a level: the operator sets the state it wants, then watches the
 * machine reach it. There is no operation to follow and no idempotency key, because asking for the same level again
 * changes nothing at the provider.
 */
public interface LevelLifecycle extends ProviderClient {

    /**
     * The machine as it is now: {@link MachineObservation#state()} says where it is,
     * {@link MachineObservation#intendedSuspended()} where the provider is taking it, and
     * {@link MachineObservation#waitingReason()} why it cannot get there now. {@link ProviderException.Kind#NOT_FOUND}
     * when it does not exist.
     */
    MachineObservation getMachine(String machineId);

    /** Sets the level the provider should bring the machine to; harmless to repeat. */
    void requestSuspended(String machineId, boolean suspended);
}
