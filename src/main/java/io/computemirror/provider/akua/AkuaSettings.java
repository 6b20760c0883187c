package io.computemirror.provider.akua;

import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderSettings;

/**
 * The settings of an Akua account.
 *
 * @param workspace value of the {@code akua-context} header ({@code ws_...}), or null for the token's own workspace
 */
public record AkuaSettings(String workspace) implements ProviderSettings {

    public AkuaSettings {
        if (workspace != null && (workspace.isBlank() || workspace.length() > 53)) {
            throw new IllegalArgumentException("akuaWorkspace must be 1..53 characters (a ws_... id)");
        }
    }

    public static AkuaSettings defaults() {
        return new AkuaSettings(null);
    }

    /** The account's settings, or the defaults when it has none. */
    static AkuaSettings of(ProviderAccount account) {
        return account.settings() == null ? defaults() : (AkuaSettings) account.settings();
    }
}
