package io.computemirror.account;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.computemirror.api.v1alpha1.CloreFilter;
import io.computemirror.api.v1alpha1.CloreSpec;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
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
import io.computemirror.provider.ProviderKind;
import io.computemirror.provider.ProviderSettings;
import io.computemirror.provider.akua.AkuaKind;
import io.computemirror.provider.akua.AkuaSettings;
import io.computemirror.provider.clore.CloreKind;
import io.computemirror.provider.clore.CloreOfferFilter;
import io.computemirror.provider.clore.CloreSettings;
import io.computemirror.provider.quiva.QuivaKind;
import io.computemirror.provider.quiva.QuivaMachineFilter;
import io.computemirror.provider.quiva.QuivaSettings;
import io.computemirror.provider.vast.VastKind;
import io.computemirror.provider.vast.VastSettings;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The providers the operator knows: each {@link ProviderType} of the API with its {@link ProviderKind} and the
 * function that reads the kind's settings from a ComputeProvider's spec (the CRD → settings mapping, at the end of
 * this class: the one place that knows both the API's blocks and the provider layer's records, so the provider
 * packages stay free of API types; an absent block or field means the provider's default). The only core class that
 * names provider types; everything else asks it. Adding a provider is one line in {@link #registrations()} and one
 * mapping method (see docs/development/adding-a-provider.md).
 */
@ApplicationScoped
public class ProviderRegistry {

    private record Registration(ProviderKind<?> kind, Function<ComputeProviderSpec, ProviderSettings> settings) {}

    /** Static so that the API enum's capability methods and static rules see the same table as the bean. */
    private static final Map<ProviderType, Registration> REGISTRATIONS = registrations();

    private static Map<ProviderType, Registration> registrations() {
        Map<ProviderType, Registration> table = new EnumMap<>(ProviderType.class);
        table.put(ProviderType.Quiva, new Registration(new QuivaKind(), ProviderRegistry::quiva));
        table.put(ProviderType.Clore, new Registration(new CloreKind(), ProviderRegistry::clore));
        table.put(ProviderType.Akua, new Registration(new AkuaKind(), ProviderRegistry::akua));
        table.put(ProviderType.Vast, new Registration(new VastKind(), ProviderRegistry::vast));
        for (ProviderType type : ProviderType.values()) {
            Registration registration = table.get(type);
            // A spec.type the CRD accepts but nothing can serve must fail the start, not the first poll.
            if (registration == null || !registration.kind().name().equals(type.name())) {
                throw new IllegalStateException("provider type " + type + " has no matching ProviderKind");
            }
        }
        return Map.copyOf(table);
    }

    /** The kind of a ComputeProvider's {@code spec.type}. */
    public ProviderKind<?> kind(ProviderType type) {
        return registration(type).kind();
    }

    /** The kind named {@code name} ({@link io.computemirror.provider.ProviderAccount#type()}), if there is one. */
    public Optional<ProviderKind<?>> kind(String name) {
        return REGISTRATIONS.values().stream()
                .<ProviderKind<?>>map(Registration::kind)
                .filter(kind -> kind.name().equals(name))
                .findFirst();
    }

    /** The provider settings a ComputeProvider's spec asks for, with the kind's defaults where it says nothing. */
    public ProviderSettings settings(ComputeProviderSpec spec) {
        return registration(spec.getType()).settings().apply(spec);
    }

    public Capabilities capabilities(ProviderType type) {
        return capabilitiesOf(type);
    }

    /** What a provider type can do, for callers without the bean (the API enum, static rules). */
    public static Capabilities capabilitiesOf(ProviderType type) {
        return registration(type).kind().capabilities();
    }

    /**
     * The spec's block that says how listed prices are normalised ({@code spec.clore.pricing},
     * {@code spec.vast.pricing}), or empty settings when there is none.
     */
    public static PricingSettings pricingOf(ComputeProviderSpec spec) {
        PricingSettings pricing = null;
        if (spec.getType() == ProviderType.Clore && spec.getClore() != null) {
            pricing = spec.getClore().getPricing();
        } else if (spec.getType() == ProviderType.Vast && spec.getVast() != null) {
            pricing = spec.getVast().getPricing();
        }
        return pricing == null ? new PricingSettings() : pricing;
    }

    /** The time one listed amount pays for when the pricing block does not say: Vast lists per hour. */
    public static PriceUnit listedPriceUnit(ProviderType type) {
        return type == ProviderType.Vast ? PriceUnit.Hour : PricingSettings.DEFAULT_UNIT;
    }

    /** The documented endpoint of a provider type, used when {@code spec.endpoint} is empty. */
    static String defaultEndpoint(ProviderType type) {
        return registration(type).kind().defaultEndpoint().toString();
    }

    private static Registration registration(ProviderType type) {
        Registration registration = REGISTRATIONS.get(type);
        if (registration == null) {
            throw new IllegalArgumentException("unknown provider type " + type);
        }
        return registration;
    }

    private static ProviderSettings quiva(ComputeProviderSpec spec) {
        QuivaFilter f =
                Optional.ofNullable(spec.getQuiva()).map(QuivaSpec::getFilter).orElse(null);
        return new QuivaSettings(
                f == null
                        ? QuivaMachineFilter.none()
                        : new QuivaMachineFilter(f.getNamespace(), f.getRuntime(), f.getService(), f.getStatus()));
    }

    private static ProviderSettings clore(ComputeProviderSpec spec) {
        CloreSpec clore = spec.getClore();
        if (clore == null) {
            return CloreSettings.defaults();
        }
        CloreFilter f = clore.getFilter();
        CloreOfferFilter filter = f == null
                ? CloreOfferFilter.none()
                : new CloreOfferFilter(
                        f.getGpuName(),
                        f.getMinMemoryGb(),
                        f.getCpuName(),
                        f.getMinCpuCores(),
                        f.getMinStorageGb(),
                        f.getMachineStatus() == null
                                ? null
                                : f.getMachineStatus().name());
        return new CloreSettings(
                filter,
                Optional.ofNullable(clore.getPageSize()).orElse(CloreSettings.DEFAULT_PAGE_SIZE),
                Optional.ofNullable(clore.getMaxOffers()).orElse(CloreSettings.DEFAULT_MAX_OFFERS));
    }

    private static ProviderSettings akua(ComputeProviderSpec spec) {
        return new AkuaSettings(spec.getAkua() == null ? null : spec.getAkua().getWorkspace());
    }

    private static ProviderSettings vast(ComputeProviderSpec spec) {
        VastSpec vast = spec.getVast();
        if (vast == null) {
            return VastSettings.defaults();
        }
        VastFilter f = vast.getFilter();
        VastSettings.OfferFilter filter = f == null
                ? VastSettings.OfferFilter.any()
                : new VastSettings.OfferFilter(
                        f.getGpuNames(),
                        f.getMinGpus(),
                        f.getMinVramGib(),
                        f.getCountries(),
                        f.getVerifiedOnly(),
                        Boolean.TRUE.equals(f.getDatacenterOnly()),
                        f.getRental() == VastRental.Interruptible
                                ? VastSettings.Rental.Interruptible
                                : VastSettings.Rental.OnDemand);
        return new VastSettings(
                vastListings(vast.getListings()),
                filter,
                vast.getAllocatedStorageGb() == null ? null : BigDecimal.valueOf(vast.getAllocatedStorageGb()),
                Optional.ofNullable(vast.getLimit()).orElse(VastSettings.DEFAULT_LIMIT));
    }

    private static EnumSet<VastSettings.Listings> vastListings(VastListings listings) {
        if (listings == VastListings.Offers) {
            return EnumSet.of(VastSettings.Listings.Offers);
        }
        if (listings == VastListings.Instances) {
            return EnumSet.of(VastSettings.Listings.Instances);
        }
        return EnumSet.allOf(VastSettings.Listings.class);
    }
}
