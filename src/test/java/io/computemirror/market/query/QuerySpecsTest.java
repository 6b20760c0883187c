package io.computemirror.market.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.computemirror.api.v1alpha1.GpuOfferQuerySpec;

/** Queries the CRD admits but no offer could match, or the matcher could not compute, are refused with the field. */
class QuerySpecsTest {

    static Stream<Arguments> specs() {
        return Stream.of(
                Arguments.of("empty", spec(s -> {}), null),
                Arguments.of(
                        "valid filters",
                        spec(s -> {
                            s.setProviderRefs(List.of("clore-rtx", "akua.main"));
                            s.setGpuModels(List.of("nvidia-geforce-rtx-4090"));
                            s.setMinCudaVersion("12.1");
                            s.setMaxPricePerGpuHour("0.45");
                            s.setMinGpus(1);
                            s.setLimit(50);
                        }),
                        null),
                Arguments.of(
                        "model as written on the box",
                        spec(s -> s.setGpuModels(List.of("RTX 4090"))),
                        "spec.gpuModels"),
                Arguments.of(
                        "provider name with capitals",
                        spec(s -> s.setProviderRefs(List.of("Clore_Main"))),
                        "spec.providerRefs"),
                Arguments.of(
                        "CUDA part beyond an int",
                        spec(s -> s.setMinCudaVersion("99999999999")),
                        "spec.minCudaVersion"),
                Arguments.of("price as a word", spec(s -> s.setMaxPricePerGpuHour("cheap")), "spec.maxPricePerGpuHour"),
                Arguments.of("limit above the schema's bound", spec(s -> s.setLimit(500)), "spec.limit"),
                Arguments.of("no GPUs", spec(s -> s.setMinGpus(0)), "spec.minGpus"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void problem(String name, GpuOfferQuerySpec spec, String field) {
        if (field == null) {
            assertThat(QuerySpecs.problem(spec)).isEmpty();
        } else {
            assertThat(QuerySpecs.problem(spec))
                    .hasValueSatisfying(p -> assertThat(p).startsWith(field + ": "));
        }
    }

    private static GpuOfferQuerySpec spec(Consumer<GpuOfferQuerySpec> fill) {
        GpuOfferQuerySpec spec = new GpuOfferQuerySpec();
        fill.accept(spec);
        return spec;
    }
}
