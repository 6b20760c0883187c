package io.computemirror.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.AkuaSpec;
import io.computemirror.api.v1alpha1.CloreFilter;
import io.computemirror.api.v1alpha1.CloreSpec;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.OfferAvailability;
import io.computemirror.api.v1alpha1.PriceUnit;
import io.computemirror.api.v1alpha1.PricingSettings;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.api.v1alpha1.QuivaFilter;
import io.computemirror.api.v1alpha1.QuivaSpec;
import io.computemirror.api.v1alpha1.VastFilter;
import io.computemirror.api.v1alpha1.VastListings;
import io.computemirror.api.v1alpha1.VastRental;
import io.computemirror.api.v1alpha1.VastSpec;
import io.computemirror.provider.Capabilities;
import io.computemirror.provider.SuspendStyle;
import io.computemirror.provider.akua.AkuaSettings;
import io.computemirror.provider.clore.CloreOfferFilter;
import io.computemirror.provider.clore.CloreSettings;
import io.computemirror.provider.quiva.QuivaMachineFilter;
import io.computemirror.provider.quiva.QuivaSettings;
import io.computemirror.provider.vast.VastSettings;

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
        assertThat(registry.settings(spec(ProviderType.Vast))).isEqualTo(VastSettings.defaults());
    }

    @Test
    void theVastBlockIsReadIntoVastSettings() {
        ComputeProviderSpec vast = spec(ProviderType.Vast);
        vast.setVast(new VastSpec());
        vast.getVast().setListings(VastListings.Offers);
        vast.getVast().setAllocatedStorageGb(20);
        vast.getVast().setLimit(64);
        VastFilter filter = new VastFilter();
        filter.setGpuNames(List.of("RTX_4090"));
        filter.setMinGpus(2);
        filter.setMinVramGib(24);
        filter.setCountries(List.of("us"));
        filter.setVerifiedOnly(false);
        filter.setDatacenterOnly(true);
        filter.setRental(VastRental.Interruptible);
        vast.getVast().setFilter(filter);
        assertThat(registry.settings(vast))
                .isEqualTo(new VastSettings(
                        EnumSet.of(VastSettings.Listings.Offers),
                        new VastSettings.OfferFilter(
                                List.of("RTX 4090"),
                                2,
                                24,
                                List.of("US"),
                                false,
                                true,
                                VastSettings.Rental.Interruptible),
                        new BigDecimal("20"),
                        64));
        assertThat(ProviderType.Vast.canSuspend()).isTrue();
        assertThat(registry.kind(ProviderType.Vast).capabilities().suspendStyle())
                .isEqualTo(SuspendStyle.LEVEL);
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

    @Test
    void vastPricesAreReadPerHourAndCloresPerDay() {
        assertThat(ProviderRegistry.listedPriceUnit(ProviderType.Vast)).isEqualTo(PriceUnit.Hour);
        assertThat(ProviderRegistry.listedPriceUnit(ProviderType.Clore)).isEqualTo(PriceUnit.Day);
        ComputeProviderSpec vast = spec(ProviderType.Vast);
        vast.setVast(new VastSpec());
        PricingSettings pricing = new PricingSettings();
        pricing.setCurrency("EUR");
        vast.getVast().setPricing(pricing);
        assertThat(ProviderRegistry.pricingOf(vast).getCurrency()).isEqualTo("EUR");
        assertThat(ProviderRegistry.pricingOf(spec(ProviderType.Vast)).getCurrency())
                .isNull();
    }

    private static ComputeProviderSpec spec(ProviderType type) {
        ComputeProviderSpec spec = new ComputeProviderSpec();
        spec.setType(type);
        return spec;
    }
}
