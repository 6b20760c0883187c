package io.computemirror.market.query;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.computemirror.api.v1alpha1.GpuOfferQuerySpec;

/**
 * Why a query cannot be answered, for what the CRD's schema admits but no offer could ever match (an entry that is
 * no ComputeProvider name or no label value) or the matcher cannot compute (a CUDA version part beyond an int), and,
 * because a CRD may be older than its rules, the bounds the schema states. Pure; an empty answer means valid.
 */
final class QuerySpecs {

    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,9}){0,2}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");

    private QuerySpecs() {}

    static Optional<String> problem(GpuOfferQuerySpec spec) {
        if (spec == null) {
            return Optional.empty();
        }
        for (String name : list(spec.getProviderRefs())) {
            if (name == null
                    || name.length() > 253
                    || !DNS_SUBDOMAIN.matcher(name).matches()) {
                return Optional.of("spec.providerRefs: \"" + name + "\" is not a ComputeProvider name (lower-case "
                        + "letters, digits, '-' and '.', e.g. clore-rtx), so no offer can match it");
            }
        }
        for (String model : list(spec.getGpuModels())) {
            if (model == null
                    || model.length() > 63
                    || !LABEL_VALUE.matcher(model).matches()) {
                return Optional.of("spec.gpuModels: \"" + model + "\" is not a value of the computemirror.io/gpu-model "
                        + "label, so no offer can match it: use the label's form, e.g. nvidia-geforce-rtx-4090");
            }
        }
        if (spec.getMinCudaVersion() != null
                && !VERSION.matcher(spec.getMinCudaVersion()).matches()) {
            return Optional.of("spec.minCudaVersion: \"" + spec.getMinCudaVersion()
                    + "\" is not a version such as 12 or 12.1 (up to three numbers of up to nine digits)");
        }
        if (spec.getMaxPricePerGpuHour() != null
                && !DECIMAL.matcher(spec.getMaxPricePerGpuHour()).matches()) {
            return Optional.of("spec.maxPricePerGpuHour: \"" + spec.getMaxPricePerGpuHour()
                    + "\" is not a non-negative decimal such as 0.45");
        }
        return outside("spec.minGpus", spec.getMinGpus(), 1, 64)
                .or(() -> outside("spec.minVramGbPerGpu", spec.getMinVramGbPerGpu(), 0, 1024))
                .or(() -> outside("spec.limit", spec.getLimit(), 1, 50));
    }

    private static Optional<String> outside(String field, Integer value, int min, int max) {
        return value != null && (value < min || value > max)
                ? Optional.of(field + ": " + value + " is not between " + min + " and " + max)
                : Optional.empty();
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : values;
    }
}
