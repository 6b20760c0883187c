package io.computemirror.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.AkuaSpec;
import io.computemirror.api.v1alpha1.CloreFilter;
import io.computemirror.api.v1alpha1.CloreSpec;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.OfferAvailability;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.api.v1alpha1.QuivaFilter;
import io.computemirror.api.v1alpha1.QuivaSpec;
import io.computemirror.provider.Capabilities;
import io.computemirror.provider.SuspendStyle;
import io.computemirror.provider.akua.AkuaSettings;
import io.computemirror.provider.clore.CloreOfferFilter;
import io.computemirror.provider.clore.CloreSettings;
import io.computemirror.provider.quiva.QuivaMachineFilter;
import io.computemirror.provider.quiva.QuivaSettings;

class ProviderRegistryTest {

    private final ProviderRegistry registry = new ProviderRegistry();

    @Test
    void everyTypeHasAKindOfTheSameName() {
        for (ProviderType type : ProviderType.values()) {
            assertThat(registry.kind(type).name()).isEqualTo(type.name());
            assertThat(registry.kind(type.name())).containsSame(registry.kind(type));
        }
        assertThat(registry.kind("Nope")).isEmpty();
    }

    @Test
    void capabilitiesAreTheKinds() {
        assertThat(registry.capabilities(ProviderType.Quiva))
                .isEqualTo(new Capabilities(true, false, SuspendStyle.NONE));
        assertThat(registry.capabilities(ProviderType.Clore))
                .isEqualTo(new Capabilities(false, true, SuspendStyle.NONE));
        assertThat(registry.capabilities(ProviderType.Akua))
                .isEqualTo(new Capabilities(true, false, SuspendStyle.OPERATION));
        assertThat(ProviderType.Akua.canSuspend()).isTrue();
        assertThat(ProviderType.Quiva.canSuspend()).isFalse();
        assertThat(ProviderType.Clore.canSuspend()).isFalse();
        assertThat(ProviderType.Clore.listsOffers()).isTrue();
        assertThat(ProviderType.Quiva.listsOffers()).isFalse();
        assertThat(ProviderType.Akua.listsOffers()).isFalse();
    }

    @Test
    void defaultEndpointsAreTheDocumentedOnes() {
        assertThat(registry.kind(ProviderType.Quiva).defaultEndpoint()).isEqualTo(URI.create("https://api.quiva.ai"));
        assertThat(registry.kind(ProviderType.Clore).defaultEndpoint()).isEqualTo(URI.create("https://api.hiveon.ai"));
        assertThat(registry.kind(ProviderType.Akua).defaultEndpoint()).isEqualTo(URI.create("https://api.akua.dev/v1"));
    }

    @Test
    void absentBlocksMeanTheDefaults() {
        assertThat(registry.settings(spec(ProviderType.Quiva))).isEqualTo(QuivaSettings.defaults());
        assertThat(registry.settings(spec(ProviderType.Clore))).isEqualTo(CloreSettings.defaults());
        assertThat(registry.settings(spec(ProviderType.Akua))).isEqualTo(AkuaSettings.defaults());
    }

    @Test
    void blocksAreReadIntoTheProvidersSettings() {
        ComputeProviderSpec quiva = spec(ProviderType.Quiva);
        quiva.setQuiva(new QuivaSpec());
        quiva.getQuiva().setFilter(new QuivaFilter("ns1", "nodejs", null, "*"));
        assertThat(registry.settings(quiva))
                .isEqualTo(new QuivaSettings(new QuivaMachineFilter("ns1", "nodejs", null, "*")));

        ComputeProviderSpec clore = spec(ProviderType.Clore);
        clore.setClore(new CloreSpec());
        clore.getClore().setPageSize(50);
        clore.getClore().setMaxOffers(7);
        CloreFilter filter = new CloreFilter();
        filter.setGpuName("RTX 3090");
        filter.setMinMemoryGb(24);
        filter.setMachineStatus(OfferAvailability.available);
        clore.getClore().setFilter(filter);
        assertThat(registry.settings(clore))
                .isEqualTo(
                        new CloreSettings(new CloreOfferFilter("RTX 3090", 24, null, null, null, "available"), 50, 7));

        ComputeProviderSpec akua = spec(ProviderType.Akua);
        akua.setAkua(new AkuaSpec());
        akua.getAkua().setWorkspace("ws_abc");
        assertThat(registry.settings(akua)).isEqualTo(new AkuaSettings("ws_abc"));
    }

    private static ComputeProviderSpec spec(ProviderType type) {
        ComputeProviderSpec spec = new ComputeProviderSpec();
        spec.setType(type);
        return spec;
    }
}
