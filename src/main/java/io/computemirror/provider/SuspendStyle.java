package io.computemirror.provider;

/** How a provider suspends and resumes machines, and so how the operator confirms a change. */
public enum SuspendStyle {
    /** The provider has no lifecycle API: machines cannot be suspended. */
    NONE,
    /** A change starts an operation to follow to its end ({@link OperationLifecycle}). */
    OPERATION,
    /** A change sets a desired level; the machine's state shows when it is reached ({@link LevelLifecycle}). */
    LEVEL;

    public boolean canSuspend() {
        return this != NONE;
    }
}
