package io.computemirror.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Quiva credentials: the API-key exchange ({@code POST /accounts/auth-with-api-key}) and token refresh
 * ({@code POST /accounts/refresh-token}). Auth tokens are JWT-shaped strings that expire after the token lifetime
 * (default 15 minutes); refresh tokens never expire but are single use (a refresh returns a new pair).
 */
final class QuivaTokens {

    private static final SecureRandom TOKEN_RANDOM = new SecureRandom();

    /** One issued auth token. */
    record Issued(String authToken, String refreshToken, Instant expiresAt) {}

    private final Object lock;
    private final Supplier<Instant> clock;
    private final Set<String> apiKeys = ConcurrentHashMap.newKeySet();
    private final Map<String, Issued> byAuthToken = new HashMap<>();
    private final Map<String, Issued> byRefreshToken = new HashMap<>();
    private volatile Duration lifetime = Duration.ofMinutes(15);

    QuivaTokens(Object lock, Supplier<Instant> clock) {
        this.lock = lock;
        this.clock = clock;
    }

    void addApiKey(String apiKey) {
        apiKeys.add(apiKey);
    }

    void lifetime(Duration newLifetime) {
        lifetime = newLifetime;
    }

    /** Whether {@code token} is an issued auth token; an expired one answers 401 with what to do. */
    boolean accepts(String token) {
        Issued issued;
        synchronized (lock) {
            issued = byAuthToken.get(token);
        }
        if (issued == null) {
            return false;
        }
        if (!clock.get().isBefore(issued.expiresAt())) {
            throw new SimulatorException(
                    401, "unauthenticated", "auth token expired; get a new one with POST /accounts/refresh-token");
        }
        return true;
    }

    SimResponse exchangeApiKey(SimRequest request) {
        JsonNode body = SimJson.readBody(request);
        String apiKey = body.path("api_key").asText("");
        if (apiKey.isEmpty()) {
            throw SimulatorException.badRequest("Invalid request parameters: api_key is required");
        }
        if (!apiKeys.contains(apiKey)) {
            throw new SimulatorException(401, "unauthenticated", "Invalid API key");
        }
        return tokenResponse(issue());
    }

    SimResponse refresh(SimRequest request) {
        JsonNode body = SimJson.readBody(request);
        String authToken = body.path("auth_token").asText("");
        String refreshToken = body.path("refresh_token").asText("");
        if (authToken.isEmpty() || refreshToken.isEmpty()) {
            throw SimulatorException.badRequest(
                    "Invalid request parameters: auth_token and refresh_token are required");
        }
        synchronized (lock) {
            Issued old = byRefreshToken.get(refreshToken);
            if (old == null || !old.authToken().equals(authToken)) {
                throw new SimulatorException(401, "unauthenticated", "Invalid or already used refresh token");
            }
            // Refresh tokens are single use: a second refresh with the same one must fail.
            byRefreshToken.remove(refreshToken);
        }
        return tokenResponse(issue());
    }

    /** Issues a token pair, as the exchange does. */
    Issued issue() {
        Instant issuedAt = clock.get();
        Instant expiresAt = issuedAt.plus(lifetime);
        byte[] signature = new byte[32];
        TOKEN_RANDOM.nextBytes(signature);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(String.format(
                        Locale.ROOT,
                        "{\"sub\":\"%s\",\"iat\":%d,\"exp\":%d}",
                        QuivaSimulator.ACCOUNT,
                        issuedAt.getEpochSecond(),
                        expiresAt.getEpochSecond())
                .getBytes(StandardCharsets.UTF_8));
        String authToken = header + "." + payload + "." + b64.encodeToString(signature);
        byte[] refreshBytes = new byte[32];
        TOKEN_RANDOM.nextBytes(refreshBytes);
        Issued issued = new Issued(authToken, b64.encodeToString(refreshBytes), expiresAt);
        synchronized (lock) {
            byAuthToken.put(issued.authToken(), issued);
            byRefreshToken.put(issued.refreshToken(), issued);
        }
        return issued;
    }

    private static SimResponse tokenResponse(Issued issued) {
        ObjectNode data = SimJson.object();
        data.put("auth_token", issued.authToken());
        data.put("refresh_token", issued.refreshToken());
        data.put("passkey_enabled", false);
        data.put("totp_enabled", false);
        return SimResponse.json(200, SimJson.write(SimJson.wrap("data", data)));
    }
}
