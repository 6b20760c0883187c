package io.computemirror.provider.quiva;

import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderSettings;

/** The settings of a Quiva account: which machines to list. */
public record QuivaSettings(QuivaMachineFilter filter) implements ProviderSettings {

    public QuivaSettings {
        filter = filter == null ? QuivaMachineFilter.none() : filter;
    }

    public static QuivaSettings defaults() {
        return new QuivaSettings(null);
    }

    /** The account's settings, or the defaults when it has none. */
    static QuivaSettings of(ProviderAccount account) {
        return account.settings() == null ? defaults() : (QuivaSettings) account.settings();
    }
}
