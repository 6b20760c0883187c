package io.computemirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.computemirror.api.v1alpha1.CloreFilter;
import io.computemirror.api.v1alpha1.CloreSpec;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.ComputeProviderStatus;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferPhase;
import io.computemirror.api.v1alpha1.GpuOfferSpec;
import io.computemirror.api.v1alpha1.GpuOfferStatus;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachinePhase;
import io.computemirror.api.v1alpha1.MachineSpec;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.api.v1alpha1.MachineSuspension;
import io.computemirror.api.v1alpha1.OfferAvailability;
import io.computemirror.api.v1alpha1.OfferCpu;
import io.computemirror.api.v1alpha1.OfferGpu;
import io.computemirror.api.v1alpha1.OfferLocation;
import io.computemirror.api.v1alpha1.OfferPrice;
import io.computemirror.api.v1alpha1.OfferStorage;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.api.v1alpha1.SecretKeyRef;
import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.CrdFiles;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Every field survives a trip through the API server, and kubectl's Table view shows the documented columns. */
@ExtendWith(ApiServerExtension.class)
class ApiRoundTripIT {

    private static final String NS = "default";

    @BeforeAll
    static void installCrds(KubernetesClient client) {
        CrdFiles.install(client);
    }

    @Test
    void computeProviderKeepsEveryField(KubernetesClient client) throws Exception {
        ComputeProvider cp = fullComputeProvider();
        ComputeProvider read = roundTrip(client, cp);
        assertSameJson(read.getSpec(), cp.getSpec());
        assertSameJson(read.getStatus(), cp.getStatus());

        assertThat(table(client, "computeproviders", cp.getMetadata().getName()))
                .containsExactly(
                        entry("Name", "clore-full"),
                        entry("TYPE", "Clore"),
                        entry("READY", "True"),
                        entry("OBJECTS", "42"),
                        entry("LAST-POLL", AGE),
                        entry("AGE", AGE),
                        entry("REASON", "Polled"));
    }

    @Test
    void machineKeepsEveryField(KubernetesClient client) throws Exception {
        Machine m = fullMachine();
        Machine read = roundTrip(client, m);
        assertSameJson(read.getSpec(), m.getSpec());
        assertSameJson(read.getStatus(), m.getStatus());

        assertThat(table(client, "machines", m.getMetadata().getName()))
                .containsExactly(
                        entry("Name", "akua-full"),
                        entry("PROVIDER", "akua-main"),
                        entry("EXTERNAL-ID", "mch_full1"),
                        entry("PHASE", "Suspended"),
                        entry("SUSPEND", "true"),
                        entry("READY", "True"),
                        entry("AGE", AGE),
                        entry("ADDRESS", "203.0.113.7"),
                        entry("PROVIDER-STATE", "SUSPENDED"));
    }

    @Test
    void gpuOfferKeepsEveryField(KubernetesClient client) throws Exception {
        GpuOffer offer = fullGpuOffer();
        GpuOffer read = roundTrip(client, offer);
        assertSameJson(read.getSpec(), offer.getSpec());
        assertSameJson(read.getStatus(), offer.getStatus());
        assertThat(read.getStatus().getPrices().get(0).getAmount()).isEqualTo("0.000123456789012345");

        assertThat(table(client, "gpuoffers", offer.getMetadata().getName()))
                .containsExactly(
                        entry("Name", "clore-full-offer"),
                        entry("GPU", "2x Nvidia GeForce 3090"),
                        entry("GPUS", "2"),
                        entry("VRAM", "48"),
                        entry("PRICE", "0.000123456789012345"),
                        entry("CURRENCY", "BTC"),
                        entry("PRICE/GPU-H", ""),
                        entry("COUNTRY", "USA"),
                        entry("AVAILABLE", "true"),
                        entry("AGE", AGE),
                        entry("PROVIDER", "clore-full"),
                        entry("EXTERNAL-ID", "d63d2545-af1a-42e8-9d4b-2f36b064f0be"));
    }

    @Test
    void categoryListsEveryKind(KubernetesClient client) {
        List<String> inCategory = client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                .filter(crd -> crd.getSpec().getNames().getCategories() != null
                        && crd.getSpec().getNames().getCategories().contains("computemirror"))
                .map(crd -> crd.getSpec().getNames().getKind())
                .toList();
        assertThat(inCategory)
                .containsExactlyInAnyOrder(
                        "ComputeProvider", "Machine", "GpuOffer", "GpuOfferQuery", "MachineSchedule");
    }

    @SuppressWarnings("unchecked")
    private static <T extends CustomResource<?, ?>> T roundTrip(KubernetesClient client, T resource) {
        Object status = resource.getStatus();
        client.resource(resource)
                .inNamespace(NS)
                .fieldManager("roundtrip-test")
                .forceConflicts()
                .serverSideApply();
        client.resources((Class<T>) resource.getClass())
                .inNamespace(NS)
                .withName(resource.getMetadata().getName())
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", status)));
        return client.resources((Class<T>) resource.getClass())
                .inNamespace(NS)
                .withName(resource.getMetadata().getName())
                .get();
    }

    private static void assertSameJson(Object actual, Object expected) {
        JsonNode a = Serialization.jsonMapper().valueToTree(actual);
        JsonNode e = Serialization.jsonMapper().valueToTree(expected);
        assertThat(a).isEqualTo(e);
    }

    /** Column name → cell of the one row kubectl would print for the object, in column order. */
    private static List<Map.Entry<String, String>> table(KubernetesClient client, String plural, String name)
            throws Exception {
        String url =
                client.getMasterUrl().toString().replaceAll("/$", "") + "/apis/computemirror.io/v1alpha1/namespaces/"
                        + NS + "/" + plural + "/" + name + "?includeObject=None";
        HttpRequest request = client.getHttpClient()
                .newHttpRequestBuilder()
                .uri(url)
                .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
                .build();
        HttpResponse<String> response =
                client.getHttpClient().sendAsync(request, String.class).get();
        assertThat(response.code()).as(response.body()).isEqualTo(200);
        JsonNode table = Serialization.jsonMapper().readTree(response.body());
        assertThat(table.get("kind").asText()).isEqualTo("Table");
        JsonNode cells = table.get("rows").get(0).get("cells");
        List<Map.Entry<String, String>> result = new java.util.ArrayList<>();
        for (int i = 0; i < table.get("columnDefinitions").size(); i++) {
            JsonNode column = table.get("columnDefinitions").get(i);
            String cell = cells.get(i).isNull() ? "" : cells.get(i).asText();
            // The server renders dates as ages ("5s", "3h54m"); only their presence is comparable.
            result.add(entry(
                    column.get("name").asText(),
                    "date".equals(column.get("type").asText()) && cell.matches("[0-9]+[smhdy].*") ? AGE : cell));
        }
        return result;
    }

    /** What a date cell is compared as. */
    private static final String AGE = "<age>";

    private static Map.Entry<String, String> entry(String column, String value) {
        return Map.entry(column, value);
    }

    private static Condition condition(String type, String reason) {
        Condition c = new Condition(type, Condition.Status.True, reason, type + " is true");
        c.setObservedGeneration(1L);
        c.setLastTransitionTime("2026-11-22T10:00:00Z");
        return c;
    }

    static ComputeProvider fullComputeProvider() {
        ComputeProvider cp = new ComputeProvider();
        cp.setMetadata(
                new ObjectMetaBuilder().withName("clore-full").withNamespace(NS).build());
        ComputeProviderSpec spec = new ComputeProviderSpec();
        spec.setType(ProviderType.Clore);
        spec.setEndpoint("https://api.hiveon.ai");
        spec.setCredentialsSecretRef(new SecretKeyRef("clore-credentials", "token"));
        spec.setPollInterval("2m");
        spec.setGoneGracePeriod("30m");
        spec.setPaused(false);
        CloreSpec clore = new CloreSpec();
        CloreFilter filter = new CloreFilter();
        filter.setGpuName("Nvidia RTX 3090");
        filter.setMinMemoryGb(24);
        filter.setCpuName("AMD EPYC");
        filter.setMinCpuCores(8);
        filter.setMinStorageGb(100);
        filter.setMachineStatus(OfferAvailability.available);
        clore.setFilter(filter);
        clore.setPageSize(250);
        clore.setMaxOffers(9000);
        spec.setClore(clore);
        cp.setSpec(spec);
        ComputeProviderStatus status = new ComputeProviderStatus();
        status.setConditions(List.of(condition("Ready", "Polled"), condition("Synced", "Polled")));
        status.setObservedGeneration(1L);
        status.setLastPollTime("2026-11-22T10:00:00Z");
        status.setLastPollDurationMillis(1234L);
        status.setLastSuccessTime("2026-11-22T10:00:00Z");
        status.setConsecutiveFailures(0);
        status.setLastError("HTTP 503 from provider: maintenance");
        status.setEndpoint("https://api.hiveon.ai");
        ComputeProviderStatus.ObjectCounts counts = new ComputeProviderStatus.ObjectCounts();
        counts.setTotal(42);
        counts.setByPhase(Map.of("Available", 40, "Gone", 2));
        counts.setHeldGone(0);
        status.setObjects(counts);
        cp.setStatus(status);
        return cp;
    }

    static Machine fullMachine() {
        Machine m = new Machine();
        m.setMetadata(
                new ObjectMetaBuilder().withName("akua-full").withNamespace(NS).build());
        m.setSpec(new MachineSpec("akua-main", "mch_full1"));
        m.getSpec().setSuspended(true);
        MachineStatus s = new MachineStatus();
        s.setPhase(MachinePhase.Suspended);
        s.setProviderState("SUSPENDED");
        s.setProviderType(ProviderType.Akua);
        s.setName("build-worker");
        s.setProviderId("compute://hcloud/server-1234");
        s.setAddresses(List.of("203.0.113.7", "198.51.100.2"));
        s.setRuntime("hcloud");
        s.setRuntimeVersion("1");
        s.setMemory("512.00 MB");
        s.setNode("node-a");
        s.setClusterId("clu_abc");
        s.setCreatedAt("2026-11-01T00:00:00Z");
        s.setUpdatedAt("2026-11-22T00:00:00Z");
        MachineSuspension suspension = new MachineSuspension();
        suspension.setEventId("sev_1");
        suspension.setExpiresAt("2026-12-22T00:00:00Z");
        suspension.setMonthlyCostCents(123L);
        suspension.setReason("manual");
        s.setSuspension(suspension);
        MachineStatus.MachineOperation op = new MachineStatus.MachineOperation();
        op.setId("op_1");
        op.setAction(MachineStatus.MachineOperation.Action.Suspend);
        op.setIdempotencyKey("suspend-uid-1");
        op.setStartedAt("2026-11-22T00:00:00Z");
        op.setGeneration(1L);
        s.setOperation(op);
        s.setObservedGeneration(1L);
        s.setConditions(List.of(condition("Ready", "Suspended"), condition("Synced", "Polled")));
        m.setStatus(s);
        return m;
    }

    static GpuOffer fullGpuOffer() {
        GpuOffer o = new GpuOffer();
        o.setMetadata(new ObjectMetaBuilder()
                .withName("clore-full-offer")
                .withNamespace(NS)
                .build());
        o.setSpec(new GpuOfferSpec("clore-full", "d63d2545-af1a-42e8-9d4b-2f36b064f0be"));
        GpuOfferStatus s = new GpuOfferStatus();
        s.setPhase(GpuOfferPhase.Available);
        s.setProviderState("available");
        s.setAvailable(true);
        OfferGpu gpu = new OfferGpu();
        gpu.setName("Nvidia GeForce 3090");
        gpu.setMemoryGb(24.0);
        gpu.setCudaCores(10496);
        gpu.setTensorCores(328);
        gpu.setTflops(35.6);
        s.setGpus(List.of(gpu, gpu));
        s.setGpuSummary("2x Nvidia GeForce 3090");
        s.setGpuCount(2);
        s.setTotalVramGb(48.0);
        OfferCpu cpu = new OfferCpu();
        cpu.setModel("AMD EPYC 7532 32-Core Processor");
        cpu.setArch("amd64");
        cpu.setCores(10);
        cpu.setThreads(20);
        cpu.setBaseClockMhz(3700);
        cpu.setBoostClockMhz(5300);
        s.setCpu(cpu);
        s.setMemoryGb(64.0);
        OfferStorage storage = new OfferStorage();
        storage.setAvailableGb(1.5);
        storage.setType("ssd");
        storage.setName("nvme");
        s.setStorage(storage);
        s.setBandwidthMbps(1000.0);
        OfferLocation location = new OfferLocation();
        location.setCountry("USA");
        location.setCity("San Francisco");
        s.setLocation(location);
        s.setCudaVersion("12.1");
        s.setPrices(List.of(
                new OfferPrice("5b10ce4d-9772-4487-bcc0-c7440e633370", "0.000123456789012345", "BTC"),
                new OfferPrice("3f189ae6-f831-4509-a018-1bce5cde48ee", "5", "USD")));
        s.setObservedGeneration(1L);
        s.setConditions(List.of(condition("Ready", "Available"), condition("Synced", "Polled")));
        o.setStatus(s);
        return o;
    }
}
