package io.computemirror.api.v1alpha1;

/** Lifecycle phase of a mirrored machine, common to all providers. */
public enum MachinePhase {
    Running,
    Paused,
    Stopped,
    Provisioning,
    Suspending,
    Suspended,
    Resuming,
    Deleting,
    Gone,
    Unknown
}
