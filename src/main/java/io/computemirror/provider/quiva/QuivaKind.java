package io.computemirror.provider.quiva;

import java.net.URI;

import io.computemirror.provider.Capabilities;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderClient;
import io.computemirror.provider.ProviderKind;
import io.computemirror.provider.SuspendStyle;

/** Quiva: lists an account's machines; no lifecycle API, so its machines cannot be suspended. */
public final class QuivaKind implements ProviderKind<QuivaSettings> {

    public static final String NAME = "Quiva";
    private static final Capabilities CAPABILITIES = new Capabilities(true, false, SuspendStyle.NONE);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public URI defaultEndpoint() {
        return URI.create("https://api.quiva.ai");
    }

    @Override
    public Class<QuivaSettings> settingsType() {
        return QuivaSettings.class;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ProviderClient client(ProviderAccount account) {
        return new QuivaClient(account);
    }
}
