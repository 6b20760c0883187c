package io.computemirror.provider.vast;

import java.net.URI;

import io.computemirror.provider.Capabilities;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderClient;
import io.computemirror.provider.ProviderKind;
import io.computemirror.provider.SuspendStyle;

/**
 * Vast.ai: marketplace offers and the account's own instances, which stop and start by setting a level
 * ({@code intended_status}) that the host then follows.
 */
public final class VastKind implements ProviderKind<VastSettings> {

    /** The name {@code spec.type} uses. */
    public static final String NAME = "Vast";
    /** Vast's CLI and SDK default; {@code https://cloud.vast.ai} serves the same API. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://console.vast.ai");

    private static final Capabilities CAPABILITIES = new Capabilities(true, true, SuspendStyle.LEVEL);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public URI defaultEndpoint() {
        return DEFAULT_ENDPOINT;
    }

    @Override
    public Class<VastSettings> settingsType() {
        return VastSettings.class;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ProviderClient client(ProviderAccount account) {
        VastSettings settings =
                account.settings() == null ? VastSettings.defaults() : (VastSettings) account.settings();
        return new VastClient(account, settings);
    }
}
