package io.computemirror.provider;

/** How a provider suspends and resumes a machine, if it can. */
public enum SuspendStyle {
    /** The provider cannot suspend machines. */
    NONE,
    /** Suspend and resume start long-running operations that are followed to their end (Akua). */
    OPERATION,
    /** The provider keeps a desired level ("stopped" or "running") and moves the machine towards it (Vast). */
    LEVEL
}
