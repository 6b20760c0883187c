package io.computemirror.provider.quiva;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** Wire shapes of the Quiva API, mirroring its JSON (unknown fields such as the cgroup {@code stats} ignored). */
public final class QuivaDtos {

    private QuivaDtos() {}

    /** {@code GET /compute/machines} response: {@code {"body":{"results":[...],"results_total":N}}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MachineListResponse(Body body) {}

    /** The {@code body} wrapper. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Body(List<Machine> results, @JsonProperty("results_total") Integer resultsTotal) {}

    /** One machine; {@code annotations} keys contain dots, so it is a map (values kept as JSON). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Machine(
            String id,
            Long pid,
            String status,
            String runtime,
            @JsonProperty("runtime_version") String runtimeVersion,
            String memory,
            String rootfs,
            String created,
            Map<String, JsonNode> annotations,
            String owner,
            String type,
            @JsonProperty("hydra_machine_version") String hydraMachineVersion) {}

    /** Response of {@code /accounts/auth-with-api-key} and {@code /accounts/refresh-token}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuthResponse(AuthData data) {}

    /** The tokens inside {@link AuthResponse}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuthData(
            @JsonProperty("auth_token") String authToken,
            @JsonProperty("refresh_token") String refreshToken,
            @JsonProperty("passkey_enabled") Boolean passkeyEnabled,
            @JsonProperty("totp_enabled") Boolean totpEnabled) {

        @Override
        public String toString() {
            return "AuthData[tokens redacted]";
        }
    }
}
