package io.computemirror.provider.clore;

import java.net.URI;

import io.computemirror.provider.Capabilities;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderClient;
import io.computemirror.provider.ProviderKind;
import io.computemirror.provider.SuspendStyle;

/** Clore on Hiveon: lists marketplace offers (GpuOffer mirrors), no machines of its own. */
public final class CloreKind implements ProviderKind<CloreSettings> {

    public static final String NAME = "Clore";
    private static final Capabilities CAPABILITIES = new Capabilities(false, true, SuspendStyle.NONE);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public URI defaultEndpoint() {
        return URI.create("https://api.hiveon.ai");
    }

    @Override
    public Class<CloreSettings> settingsType() {
        return CloreSettings.class;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ProviderClient client(ProviderAccount account) {
        return new CloreClient(account);
    }
}
