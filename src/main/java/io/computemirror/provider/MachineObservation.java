package io.computemirror.provider;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One machine as a provider reported it, in provider-neutral terms (Quiva and Akua).
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
 * @param facts further facts only one provider reports ({@link QuivaFacts} or {@link AkuaFacts}), or null
 * @param intendedSuspended for a provider whose suspend is a level ({@link LevelLifecycle}): whether the provider is
 *        taking the machine to suspended (true) or running (false); null when the provider does not say
 * @param waitingReason why the machine cannot reach its intended state now (e.g. its GPUs are taken by another
 *        renter), as the provider says it; null otherwise
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
    public sealed interface ProviderFacts permits QuivaFacts, AkuaFacts {
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
}
