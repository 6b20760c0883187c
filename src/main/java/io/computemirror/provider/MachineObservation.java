package io.computemirror.provider;

import java.time.Instant;
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
 * @param attributes further provider facts worth keeping (string values), e.g. Quiva namespace and service
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
        Map<String, String> attributes) {

    public MachineObservation {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        state = state == null ? MachineState.UNKNOWN : state;
    }
}
