package io.computemirror.account;

import java.util.Optional;

import io.computemirror.api.v1alpha1.CloreFilter;
import io.computemirror.api.v1alpha1.CloreSpec;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.QuivaFilter;
import io.computemirror.api.v1alpha1.QuivaSpec;
import io.computemirror.provider.ProviderSettings;
import io.computemirror.provider.akua.AkuaSettings;
import io.computemirror.provider.clore.CloreOfferFilter;
import io.computemirror.provider.clore.CloreSettings;
import io.computemirror.provider.quiva.QuivaMachineFilter;
import io.computemirror.provider.quiva.QuivaSettings;

/**
 * The CRD → provider settings mapping: reads each provider's block of a ComputeProvider's spec into the provider's
 * settings record. The one place that knows both sides, so the provider packages stay free of API types. An absent
 * block or field means the provider's default.
 */
final class ProviderSettingsMapping {

    private ProviderSettingsMapping() {}

    static ProviderSettings quiva(ComputeProviderSpec spec) {
        QuivaFilter f =
                Optional.ofNullable(spec.getQuiva()).map(QuivaSpec::getFilter).orElse(null);
        return new QuivaSettings(
                f == null
                        ? QuivaMachineFilter.none()
                        : new QuivaMachineFilter(f.getNamespace(), f.getRuntime(), f.getService(), f.getStatus()));
    }

    static ProviderSettings clore(ComputeProviderSpec spec) {
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

    static ProviderSettings akua(ComputeProviderSpec spec) {
        return new AkuaSettings(spec.getAkua() == null ? null : spec.getAkua().getWorkspace());
    }
}
