package io.computemirror.provider;

/** Provider-neutral state of a long-running provider operation (Akua); {@link #UNKNOWN} for new values. */
public enum OperationState {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    UNKNOWN;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
