package io.computemirror.provider;

/**
 * Suspend and resume of machines whose provider keeps a desired level (Vast: {@code intended_status}) and moves the
 * machine towards it on its own. There is no operation to follow: the machine's observation says where it is
 * ({@link MachineObservation#state()}), where it is going ({@link MachineObservation#intendedSuspended()}) and, when
 * it cannot get there now, why ({@link MachineObservation#waitingReason()}).
 */
public interface LevelLifecycle extends ProviderClient {

    /** The machine as it is now; {@link ProviderException.Kind#NOT_FOUND} when it does not exist. */
    MachineObservation getMachine(String id);

    /** Sets the desired level at the provider; harmless to repeat. */
    void requestSuspended(String id, boolean suspended);
}
