package io.computemirror.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.CrdFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** The API server itself refuses bad input, with messages that name the field, before any controller runs. */
@ExtendWith(ApiServerExtension.class)
class ApiValidationIT {

    private static final String NS = "default";

    @BeforeAll
    static void installCrds(KubernetesClient client) {
        CrdFiles.install(client);
    }

    @Test
    void everyExampleApplies(KubernetesClient client) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("deploy", "examples"))) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path file : files) {
            List<HasMetadata> applied = client.load(Files.newInputStream(file))
                    .inNamespace(NS)
                    .fieldManager("example-test")
                    .forceConflicts()
                    .serverSideApply();
            assertThat(applied).as(file.toString()).isNotEmpty();
        }
        assertThat(client.genericKubernetesResources("computemirror.io/v1alpha1", "ComputeProvider")
                        .inNamespace(NS)
                        .list()
                        .getItems())
                .extracting(r -> r.getMetadata().getName())
                .contains("akua-main", "clore-rtx", "quiva-prod", "vast-main");
    }

    static Stream<Arguments> invalidManifests() {
        return Stream.of(
                invalid(
                        "provider without type",
                        provider("", "credentialsSecretRef: {name: s, key: token}"),
                        "spec.type: Required value"),
                invalid(
                        "provider with unknown type",
                        provider("type: Vultr", secretRef()),
                        "spec.type: Unsupported value: \"Vultr\""),
                invalid(
                        "provider without credentialsSecretRef",
                        provider("type: Akua", ""),
                        "spec.credentialsSecretRef: Required value"),
                invalid(
                        "secret ref without key",
                        provider("type: Akua", "credentialsSecretRef: {name: s}"),
                        "spec.credentialsSecretRef.key: Required value"),
                invalid(
                        "secret ref with invalid name",
                        provider("type: Akua", "credentialsSecretRef: {name: Not_Valid, key: token}"),
                        "spec.credentialsSecretRef.name"),
                invalid(
                        "poll interval below 10s",
                        provider("type: Akua", secretRef() + "\n  pollInterval: 5s"),
                        "spec.pollInterval must be between 10s and 24h"),
                invalid(
                        "poll interval that is no duration",
                        provider("type: Akua", secretRef() + "\n  pollInterval: often"),
                        "spec.pollInterval"),
                invalid(
                        "poll interval without unit",
                        provider("type: Akua", secretRef() + "\n  pollInterval: \"60\""),
                        "spec.pollInterval"),
                invalid(
                        "staleAfter below 10s",
                        provider("type: Akua", secretRef() + "\n  staleAfter: 5s"),
                        "spec.staleAfter must be between 10s and 168h"),
                invalid(
                        "staleAfter that is no duration",
                        provider("type: Akua", secretRef() + "\n  staleAfter: later"),
                        "spec.staleAfter"),
                invalid(
                        "staleAfter shorter than the poll interval",
                        provider("type: Akua", secretRef() + "\n  pollInterval: 5m\n  staleAfter: 1m"),
                        "spec.staleAfter must be at least spec.pollInterval"),
                invalid(
                        "grace period above 720h",
                        provider("type: Akua", secretRef() + "\n  goneGracePeriod: 1000h"),
                        "spec.goneGracePeriod must be at most 720h"),
                invalid(
                        "endpoint that is no URL",
                        provider("type: Akua", secretRef() + "\n  endpoint: not a url"),
                        "spec.endpoint must be an absolute https URL"),
                invalid(
                        "endpoint with ftp scheme",
                        provider("type: Akua", secretRef() + "\n  endpoint: ftp://api.akua.dev/v1"),
                        "spec.endpoint must be an absolute https URL"),
                invalid(
                        "endpoint with credentials",
                        provider("type: Akua", secretRef() + "\n  endpoint: https://user:pw@api.akua.dev/v1"),
                        "spec.endpoint must not contain user info"),
                invalid(
                        "oversize endpoint",
                        provider("type: Akua", secretRef() + "\n  endpoint: https://a.dev/" + "x".repeat(2100)),
                        "spec.endpoint: Too long"),
                invalid(
                        "akua settings on a Quiva provider",
                        provider("type: Quiva", secretRef() + "\n  akua: {workspace: ws_abc}"),
                        "spec.akua is only allowed when spec.type is Akua"),
                invalid(
                        "clore settings on an Akua provider",
                        provider("type: Akua", secretRef() + "\n  clore: {pageSize: 10}"),
                        "spec.clore is only allowed when spec.type is Clore"),
                invalid(
                        "quiva settings on a Clore provider",
                        provider("type: Clore", secretRef() + "\n  quiva: {filter: {status: running}}"),
                        "spec.quiva is only allowed when spec.type is Quiva"),
                invalid(
                        "akua workspace without ws_ prefix",
                        provider("type: Akua", secretRef() + "\n  akua: {workspace: abc}"),
                        "spec.akua.workspace"),
                invalid(
                        "unknown quiva status filter",
                        provider("type: Quiva", secretRef() + "\n  quiva: {filter: {status: sleeping}}"),
                        "spec.quiva.filter.status must be one of running, paused, stopped or *"),
                invalid(
                        "negative clore memory filter",
                        provider("type: Clore", secretRef() + "\n  clore: {filter: {minMemoryGb: -1}}"),
                        "spec.clore.filter.minMemoryGb"),
                invalid(
                        "clore page size zero",
                        provider("type: Clore", secretRef() + "\n  clore: {pageSize: 0}"),
                        "spec.clore.pageSize"),
                invalid(
                        "clore maxOffers too large",
                        provider("type: Clore", secretRef() + "\n  clore: {maxOffers: 1000000}"),
                        "spec.clore.maxOffers"),
                invalid(
                        "unknown clore machine status",
                        provider("type: Clore", secretRef() + "\n  clore: {filter: {machineStatus: rented}}"),
                        "spec.clore.filter.machineStatus: Unsupported value"),
                invalid(
                        "vast settings on a Clore provider",
                        provider("type: Clore", secretRef() + "\n  vast: {limit: 10}"),
                        "spec.vast is only allowed when spec.type is Vast"),
                invalid(
                        "unknown vast listings",
                        provider("type: Vast", secretRef() + "\n  vast: {listings: Rentals}"),
                        "spec.vast.listings: Unsupported value"),
                invalid(
                        "vast limit zero",
                        provider("type: Vast", secretRef() + "\n  vast: {limit: 0}"),
                        "spec.vast.limit"),
                invalid(
                        "vast limit too large",
                        provider("type: Vast", secretRef() + "\n  vast: {limit: 10001}"),
                        "spec.vast.limit"),
                invalid(
                        "vast storage zero",
                        provider("type: Vast", secretRef() + "\n  vast: {allocatedStorageGb: 0}"),
                        "spec.vast.allocatedStorageGb"),
                invalid(
                        "vast country spelled out",
                        provider("type: Vast", secretRef() + "\n  vast: {filter: {countries: [Germany]}}"),
                        "spec.vast.filter.countries entries must be two-letter country codes"),
                invalid(
                        "empty vast gpu name",
                        provider("type: Vast", secretRef() + "\n  vast: {filter: {gpuNames: ['']}}"),
                        "spec.vast.filter.gpuNames entries must be GPU names of 1 to 64 characters"),
                invalid(
                        "vast min gpus zero",
                        provider("type: Vast", secretRef() + "\n  vast: {filter: {minGpus: 0}}"),
                        "spec.vast.filter.minGpus"),
                invalid(
                        "vast min vram zero",
                        provider("type: Vast", secretRef() + "\n  vast: {filter: {minVramGib: 0}}"),
                        "spec.vast.filter.minVramGib"),
                invalid(
                        "unknown vast rental",
                        provider("type: Vast", secretRef() + "\n  vast: {filter: {rental: Spot}}"),
                        "spec.vast.filter.rental: Unsupported value"),
                invalid(
                        "vast prices per day",
                        provider("type: Vast", secretRef() + "\n  vast: {pricing: {unit: Day}}"),
                        "spec.vast.pricing.unit must be Hour"),
                invalid(
                        "machine without externalId",
                        machine("providerRef: {name: akua-main}"),
                        "spec.externalId: Required value"),
                invalid(
                        "machine without providerRef",
                        machine("externalId: mch_1"),
                        "spec.providerRef: Required value"),
                invalid(
                        "machine with empty externalId",
                        machine("providerRef: {name: akua-main}\n  externalId: \"\""),
                        "spec.externalId"),
                invalid(
                        "machine with oversize externalId",
                        machine("providerRef: {name: akua-main}\n  externalId: " + "x".repeat(300)),
                        "spec.externalId: Too long"),
                invalid(
                        "machine with non-boolean suspended",
                        machine("providerRef: {name: akua-main}\n  externalId: mch_1\n  suspended: maybe"),
                        "spec.suspended"),
                invalid(
                        "gpu offer without providerRef",
                        gpuOffer("externalId: d63d2545"),
                        "spec.providerRef: Required value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidManifests")
    void invalidManifestIsRefusedAtAdmission(
            String description, String yaml, String expectedMessage, KubernetesClient client) {
        assertThatThrownBy(() -> client.load(new java.io.ByteArrayInputStream(yaml.getBytes()))
                        .inNamespace(NS)
                        .create())
                .as(description)
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
                .hasMessageContaining(expectedMessage);
    }

    static Stream<Arguments> immutableChanges() {
        return Stream.of(
                Arguments.of(
                        "provider type",
                        provider("type: Akua", secretRef()).replace("name: invalid", "name: immutable-type"),
                        "type: Akua",
                        "type: Quiva",
                        "spec.type is immutable"),
                Arguments.of(
                        "machine externalId",
                        machine("providerRef: {name: akua-main}\n  externalId: mch_1")
                                .replace("name: invalid", "name: immutable-id"),
                        "externalId: mch_1",
                        "externalId: mch_2",
                        "spec.externalId is immutable"),
                Arguments.of(
                        "machine providerRef",
                        machine("providerRef: {name: akua-main}\n  externalId: mch_1")
                                .replace("name: invalid", "name: immutable-ref"),
                        "name: akua-main",
                        "name: akua-other",
                        "spec.providerRef is immutable"),
                Arguments.of(
                        "gpu offer externalId",
                        gpuOffer("providerRef: {name: clore-rtx}\n  externalId: abc")
                                .replace("name: invalid", "name: immutable-offer"),
                        "externalId: abc",
                        "externalId: def",
                        "spec.externalId is immutable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("immutableChanges")
    void changingAnImmutableFieldIsRefused(
            String field, String yaml, String from, String to, String expectedMessage, KubernetesClient client) {
        client.load(new java.io.ByteArrayInputStream(yaml.getBytes()))
                .inNamespace(NS)
                .create();
        String changed = yaml.replace(from, to);
        assertThat(changed).isNotEqualTo(yaml);
        assertThatThrownBy(() -> client.load(new java.io.ByteArrayInputStream(changed.getBytes()))
                        .inNamespace(NS)
                        .fieldManager("immutability-test")
                        .forceConflicts()
                        .serverSideApply())
                .as(field)
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining(expectedMessage);
    }

    private static Arguments invalid(String description, String yaml, String expectedMessage) {
        return Arguments.of(description, yaml, expectedMessage);
    }

    private static String secretRef() {
        return "credentialsSecretRef: {name: creds, key: token}";
    }

    private static String provider(String typeLine, String rest) {
        return """
                apiVersion: computemirror.io/v1alpha1
                kind: ComputeProvider
                metadata:
                  name: invalid
                spec:
                  %s
                  %s
                """
                .formatted(typeLine, rest);
    }

    private static String machine(String specBody) {
        return """
                apiVersion: computemirror.io/v1alpha1
                kind: Machine
                metadata:
                  name: invalid
                spec:
                  %s
                """
                .formatted(specBody);
    }

    private static String gpuOffer(String specBody) {
        return """
                apiVersion: computemirror.io/v1alpha1
                kind: GpuOffer
                metadata:
                  name: invalid
                spec:
                  %s
                """
                .formatted(specBody);
    }
}
