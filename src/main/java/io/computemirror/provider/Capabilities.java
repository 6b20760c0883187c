package io.computemirror.provider;

import java.util.Objects;

/** What a provider's clients can do, so the core asks only for what exists. */
public record Capabilities(boolean listsMachines, boolean listsOffers, SuspendStyle suspendStyle) {

    public Capabilities {
        Objects.requireNonNull(suspendStyle, "suspendStyle");
    }

    public boolean canSuspend() {
        return suspendStyle != SuspendStyle.NONE;
    }
}
