package io.computemirror.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.computemirror.api.v1alpha1.GpuOfferQuery;
import io.computemirror.api.v1alpha1.QuerySort;
import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.CrdFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** The API server refuses bad GpuOfferQueries and pricing settings at admission, naming the field. */
@ExtendWith(ApiServerExtension.class)
class MarketValidationIT {

    private static final String NS = "default";

    @BeforeAll
    static void installCrds(KubernetesClient client) {
        CrdFiles.install(client);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("limit 0", query("limit: 0"), "spec.limit must be between 1 and 50"),
                Arguments.of("limit 51", query("limit: 51"), "spec.limit must be between 1 and 50"),
                Arguments.of("minGpus 0", query("minGpus: 0"), "spec.minGpus must be between 1 and 64"),
                Arguments.of(
                        "negative VRAM",
                        query("minVramGbPerGpu: -1"),
                        "spec.minVramGbPerGpu must be between 0 and 1024"),
                Arguments.of(
                        "price that is no decimal",
                        query("maxPricePerGpuHour: \"cheap\""),
                        "spec.maxPricePerGpuHour must be a non-negative decimal string such as 0.45"),
                Arguments.of("negative price", query("maxPricePerGpuHour: \"-1\""), "spec.maxPricePerGpuHour"),
                Arguments.of("price as a number", query("maxPricePerGpuHour: 0.5"), "spec.maxPricePerGpuHour"),
                Arguments.of(
                        "CUDA version that is no version",
                        query("minCudaVersion: \"twelve\""),
                        "spec.minCudaVersion must be a version such as 12 or 12.1"),
                Arguments.of("unknown sort", query("sortBy: Cheapest"), "spec.sortBy: Unsupported value: \"Cheapest\""),
                Arguments.of(
                        "empty country", query("countries: [\"\"]"), "spec.countries entries must be country names"),
                Arguments.of(
                        "oversize model",
                        query("gpuModels: [" + "x".repeat(64) + "]"),
                        "spec.gpuModels entries must be values of the computemirror.io/gpu-model label"),
                Arguments.of(
                        "too many models", query("gpuModels: [" + "a,".repeat(32) + "b]"), "spec.gpuModels: Too many"),
                Arguments.of("availableOnly not a boolean", query("availableOnly: sometimes"), "spec.availableOnly"),
                Arguments.of(
                        "pricing unit Week",
                        provider("unit: Week"),
                        "spec.clore.pricing.unit: Unsupported value: \"Week\""),
                Arguments.of(
                        "pricing currency in lower case",
                        provider("currency: usd"),
                        "spec.clore.pricing.currency must be an upper-case currency code such as USD or BTC"),
                Arguments.of(
                        "rate age above 720h",
                        provider("maxRateAge: 1000h"),
                        "spec.clore.pricing.maxRateAge must be between 1m and 720h"),
                Arguments.of(
                        "rates endpoint with a query",
                        provider("ratesEndpoint: https://rates.example.com/v1?key=x"),
                        "spec.clore.pricing.ratesEndpoint must not contain user info, a query or a fragment"),
                Arguments.of(
                        "rates endpoint that is no URL",
                        provider("ratesEndpoint: rates"),
                        "spec.clore.pricing.ratesEndpoint must be an absolute https URL"),
                Arguments.of(
                        "rates ConfigMap without a name",
                        provider("ratesConfigMapRef: {}"),
                        "spec.clore.pricing.ratesConfigMapRef.name: Required value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusedAtAdmission(String description, String yaml, String message, KubernetesClient client) {
        assertThatThrownBy(() -> client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                        .inNamespace(NS)
                        .create())
                .as(description)
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
                .hasMessageContaining(message);
    }

    @Test
    void anEmptyQueryGetsTheDocumentedDefaults(KubernetesClient client) {
        HasMetadata created = client.load(new ByteArrayInputStream(query("").getBytes(StandardCharsets.UTF_8)))
                .inNamespace(NS)
                .create()
                .get(0);
        GpuOfferQuery query = client.resources(GpuOfferQuery.class)
                .inNamespace(NS)
                .withName(created.getMetadata().getName())
                .get();
        assertThat(query.getSpec().getAvailableOnly()).isTrue();
        assertThat(query.getSpec().getSortBy()).isEqualTo(QuerySort.PricePerGpuHour);
        assertThat(query.getSpec().getLimit()).isEqualTo(5);
        client.resource(query).delete();
    }

    @Test
    void validPricingSettingsAreAccepted(KubernetesClient client) {
        String yaml = provider(
                        "unit: Hour\n      currency: EUR\n      maxRateAge: 6h\n      ratesConfigMapRef: {name: rates}"
                                + "\n      ratesEndpoint: https://rates.example.com/v1/rates")
                .replace("name: invalid", "name: valid-pricing");
        assertThat(client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                        .inNamespace(NS)
                        .create())
                .hasSize(1);
    }

    private static String query(String specLine) {
        return """
                apiVersion: computemirror.io/v1alpha1
                kind: GpuOfferQuery
                metadata:
                  name: invalid
                spec:
                  %s
                """
                .formatted(specLine.isEmpty() ? "{}" : specLine)
                .replace("spec:\n  {}", "spec: {}");
    }

    private static String provider(String pricingLine) {
        return """
                apiVersion: computemirror.io/v1alpha1
                kind: ComputeProvider
                metadata:
                  name: invalid
                spec:
                  type: Clore
                  credentialsSecretRef: {name: creds, key: token}
                  clore:
                    pricing:
                      %s
                """
                .formatted(pricingLine);
    }
}
