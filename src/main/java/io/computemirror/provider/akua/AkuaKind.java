package io.computemirror.provider.akua;

import java.net.URI;

import io.computemirror.provider.Capabilities;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderClient;
import io.computemirror.provider.ProviderKind;
import io.computemirror.provider.SuspendStyle;

/** Akua: lists a workspace's machines and suspends them through operations to follow. */
public final class AkuaKind implements ProviderKind<AkuaSettings> {

    public static final String NAME = "Akua";
    private static final Capabilities CAPABILITIES = new Capabilities(true, false, SuspendStyle.OPERATION);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public URI defaultEndpoint() {
        return URI.create("https://api.akua.dev/v1");
    }

    @Override
    public Class<AkuaSettings> settingsType() {
        return AkuaSettings.class;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ProviderClient client(ProviderAccount account) {
        return new AkuaClient(account);
    }
}
