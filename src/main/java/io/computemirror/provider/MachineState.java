package io.computemirror.provider;

/** Provider-neutral lifecycle state of a machine; {@link #UNKNOWN} for values a provider adds later. */
public enum MachineState {
    RUNNING,
    PAUSED,
    STOPPED,
    PROVISIONING,
    SUSPENDING,
    SUSPENDED,
    RESUMING,
    DELETING,
    UNKNOWN
}
