package io.computemirror.provider;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One machine as a provider reported it, in provider-neutral terms (Quiva, Akua and Vast).
 *
 * @param externalId the provider's machine id (exact case)
 * @param providerState the provider's own state string, unchanged (e.g. {@code ACTIVE}, {@code running})
 * @param providerId Akua {@code provider_id} (e.g. {@code compute://hcloud/server-1234}); null for Quiva
 * @param addresses public IPs (Akua floating IP first, then public IP); empty when none
 * @param runtime Quiva runtime with version, e.g. {@code nodejs 4165}; null for Akua
 * @param memory memory as the provider wrote it (Quiva {@code "512.00 MB"}), or null
 * @param memoryBytes {@code memory} in bytes ("MB" read as MiB), or null when absent or unreadable
 * @param node node the machine runs on (Akua {@code node_name}, Quiva {@code hydra.node})
 * @param etag Akua {@code etag} to send back as {@code if-match}; null for Quiva
 * @param suspension Akua {@code current_suspension}, or null
 * @param runtimeVersion Quiva {@code runtimeVersion}; null for Akua
 * @param clusterId Akua {@code cluster_id}; null for Quiva
 * @param facts further facts only one provider reports ({@link QuivaFacts}, {@link AkuaFacts} or {@link VastFacts}),
 *        or null
 * @param intendedSuspended where a level provider is taking the machine: true towards suspended, false towards
 *        running; null when the provider does not say
 * @param waitingReason why the machine cannot reach its intended state now (e.g. its GPUs are rented by someone
 *        else), or null
 */
public record MachineObservation(
        String externalId,
        String name,
        MachineState state,
        String providerState,
        String providerId,
        List<String> addresses,
        String runtime,
        String memory,
        Long memoryBytes,
        String node,
        Instant createdAt,
        Instant updatedAt,
        String etag,
        Suspension suspension,
        String runtimeVersion,
        String clusterId,
        ProviderFacts facts,
        Boolean intendedSuspended,
        String waitingReason) {

    public MachineObservation {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        state = state == null ? MachineState.UNKNOWN : state;
    }

    /** Keys of {@link #groups()}: the provider-side groupings a machine belongs to. */
    public static final String GROUP_CLUSTER = "cluster";

    public static final String GROUP_COMPUTE_CONFIG = "compute-config";
    public static final String GROUP_NAMESPACE = "namespace";
    public static final String GROUP_SERVICE = "service";

    /**
     * The provider-side groupings of the machine (key to the provider's value, unsanitised), for users to select
     * machines by: the cluster, plus what the provider's facts add (Quiva namespace and service, Akua compute
     * config). Absent groups are left out.
     */
    public Map<String, String> groups() {
        Map<String, String> groups = new LinkedHashMap<>();
        put(groups, GROUP_CLUSTER, clusterId);
        if (facts != null) {
            facts.groups().forEach((key, value) -> put(groups, key, value));
        }
        return groups;
    }

    private static void put(Map<String, String> groups, String key, String value) {
        if (value != null && !value.isBlank()) {
            groups.put(key, value);
        }
    }

    /** Facts only one provider reports; kept typed so a reader knows which exist. */
    public sealed interface ProviderFacts permits QuivaFacts, AkuaFacts, VastFacts {
        /** The groupings these facts name (keys from {@link MachineObservation}'s GROUP_ constants). */
        Map<String, String> groups();
    }

    /**
     * From a Quiva machine's annotations and fields.
     *
     * @param serviceAuto {@code service.auto} read as a loose boolean (Quiva sends {@code "%strue"}), or null
     * @param serviceAutoRaw {@code service.auto} as sent
     */
    public record QuivaFacts(
            String namespace,
            String service,
            String serviceVersion,
            String serviceHandler,
            Boolean serviceAuto,
            String serviceAutoRaw,
            String account,
            String owner,
            String type,
            String hydraMachineVersion)
            implements ProviderFacts {

        @Override
        public Map<String, String> groups() {
            Map<String, String> groups = new LinkedHashMap<>();
            put(groups, GROUP_NAMESPACE, namespace);
            put(groups, GROUP_SERVICE, service);
            return groups;
        }
    }

    /** From an Akua machine: its workspace, compute config, whether Akua is reconciling it, and its identity. */
    public record AkuaFacts(
            String workspaceId, String computeConfigId, Boolean reconciling, String identityKind, String floatingIpId)
            implements ProviderFacts {

        @Override
        public Map<String, String> groups() {
            Map<String, String> groups = new LinkedHashMap<>();
            put(groups, GROUP_COMPUTE_CONFIG, computeConfigId);
            return groups;
        }
    }

    /**
     * From a Vast instance. Secret-bearing fields ({@code jupyter_token}, {@code extra_env}, {@code onstart},
     * {@code image_args}) are never read.
     *
     * @param intendedStatus {@code intended_status} as sent ({@code running}, {@code stopped}, {@code frozen})
     * @param actualStatus {@code actual_status} as sent, or null while provisioning
     * @param statusMessage {@code status_msg}, shortened
     * @param image {@code image_uuid}
     * @param gpuName {@code gpu_name} as Vast spells it (with spaces)
     * @param gpuRamGib memory of one GPU in GiB ({@code gpu_ram} MiB / 1024, exact)
     * @param pricePerHourUsd {@code dph_total}: USD per hour including storage, exact as sent
     * @param storagePerHourUsd {@code storage_total_cost}: USD per hour, charged while stopped too
     * @param interruptible {@code is_bid}
     * @param contractEnd {@code end_date}: after it the instance cannot start again
     * @param machineId {@code machine_id}: the host machine
     * @param country the last two letters of {@code geolocation}
     * @param localAddresses {@code local_ipaddrs} split on white space
     */
    public record VastFacts(
            String intendedStatus,
            String actualStatus,
            String curState,
            String statusMessage,
            String image,
            String gpuName,
            Integer gpuCount,
            BigDecimal gpuRamGib,
            BigDecimal pricePerHourUsd,
            BigDecimal storagePerHourUsd,
            BigDecimal diskGb,
            Boolean interruptible,
            Instant contractEnd,
            String machineId,
            String hostId,
            String geolocation,
            String country,
            String sshHost,
            Integer sshPort,
            List<String> localAddresses)
            implements ProviderFacts {

        public VastFacts {
            localAddresses = localAddresses == null ? List.of() : List.copyOf(localAddresses);
        }

        /** Vast instances carry no grouping the other providers share; the instance label is free text. */
        @Override
        public Map<String, String> groups() {
            return Map.of();
        }
    }
}
