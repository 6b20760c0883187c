package io.computemirror.provider.quiva;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import io.computemirror.provider.AccountClient;
import io.computemirror.provider.Credential;
import io.computemirror.provider.Listing;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.MachineSource;
import io.computemirror.provider.MachineState;
import io.computemirror.provider.PercentEncoding;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderException;
import io.computemirror.provider.ProviderHttp;
import io.computemirror.provider.ProviderJson;
import io.computemirror.provider.RequestOperation;

/**
 * Reads the machines of one Quiva account ({@code GET /compute/machines}). A credential that is a Quiva API key
 * (see {@link Credential#isQuivaApiKey()}) is exchanged for an auth token first, refreshed shortly before the
 * token's JWT {@code exp} and after a 401.
 */
public final class QuivaClient extends AccountClient implements MachineSource {

    private static final Logger LOG = Logger.getLogger(QuivaClient.class);
    /** Refresh this long before the token's expiry, so a call never starts with a token about to lapse. */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    /** Guarded by {@code this}: the session tokens obtained with the API key. */
    private Credential authToken;

    private Credential refreshToken;
    private Instant authTokenExpiry;

    public QuivaClient(ProviderAccount account) {
        super(account);
    }

    /** One request; the listing is incomplete when {@code results_total} disagrees with the results sent. */
    @Override
    public Listing<MachineObservation> listMachines() {
        URI uri = URI.create(
                base + "/compute/machines" + query(QuivaSettings.of(account).filter()));
        QuivaDtos.MachineListResponse response = authorized(
                RequestOperation.LIST,
                token -> ProviderHttp.Request.get(uri, "GET /compute/machines", token),
                body -> readMachineList(body));
        List<QuivaDtos.Machine> results =
                response.body().results() == null ? List.of() : response.body().results();
        Map<String, MachineObservation> out = new LinkedHashMap<>();
        Listing.Incomplete incomplete = null;
        for (QuivaDtos.Machine m : results) {
            if (m == null || m.id() == null || m.id().isBlank()) {
                LOG.debugf("provider account %s: skipped a Quiva machine without id", account.key());
                continue;
            }
            if (out.putIfAbsent(m.id(), toObservation(m)) != null && incomplete == null) {
                incomplete =
                        new Listing.Incomplete(Listing.Reason.DuplicateId, "machine " + m.id() + " was listed twice");
            }
        }
        Integer total = response.body().resultsTotal();
        if (total != null && total != results.size()) {
            LOG.debugf(
                    "provider account %s: Quiva reported results_total=%d for %d results",
                    account.key(), total, results.size());
            if (incomplete == null) {
                incomplete = new Listing.Incomplete(
                        Listing.Reason.CountMismatch,
                        "results_total says " + total + " machines, " + results.size() + " results were sent");
            }
        }
        return new Listing<>(new ArrayList<>(out.values()), incomplete, total);
    }

    static QuivaDtos.MachineListResponse readMachineList(String body) throws IOException {
        QuivaDtos.MachineListResponse r = ProviderJson.MAPPER.readValue(body, QuivaDtos.MachineListResponse.class);
        if (r == null || r.body() == null) {
            throw new IOException("expected an object with \"body\" holding \"results\"");
        }
        return r;
    }

    /** Maps one wire machine to the neutral observation. */
    static MachineObservation toObservation(QuivaDtos.Machine m) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (m.annotations() != null) {
            m.annotations().forEach((k, v) -> {
                if (v != null && !v.isNull()) {
                    annotations.put(k, v.isValueNode() ? v.asText() : v.toString());
                }
            });
        }
        String auto = annotations.get("service.auto");
        // Quiva sends "%strue" (a leaked Go format verb): read it as a loose boolean, keep the raw text too.
        MachineObservation.QuivaFacts facts = new MachineObservation.QuivaFacts(
                present(annotations.get("namespace")),
                present(annotations.get("service")),
                present(annotations.get("service.version")),
                present(annotations.get("service.handler")),
                auto == null ? null : ProviderJson.looseTrue(auto),
                auto,
                present(annotations.get("account")),
                present(m.owner()),
                present(m.type()),
                present(m.hydraMachineVersion()));
        String runtime = m.runtime() == null
                ? null
                : m.runtimeVersion() == null ? m.runtime() : m.runtime() + " " + m.runtimeVersion();
        String memory = m.memory() != null ? m.memory() : annotations.get("mem");
        return new MachineObservation(
                m.id(),
                m.id(),
                state(m.status()),
                m.status(),
                null,
                List.of(),
                runtime,
                memory,
                ProviderJson.memoryBytes(memory),
                annotations.get("hydra.node"),
                ProviderJson.rfc3339(m.created()),
                null,
                null,
                null,
                present(m.runtimeVersion()),
                null,
                facts,
                null,
                null);
    }

    /** Quiva status to neutral state; anything unknown is kept raw and becomes UNKNOWN. */
    static MachineState state(String status) {
        if (status == null) {
            return MachineState.UNKNOWN;
        }
        return switch (status.trim().toLowerCase(Locale.ROOT)) {
            case "running" -> MachineState.RUNNING;
            case "paused" -> MachineState.PAUSED;
            case "stopped" -> MachineState.STOPPED;
            default -> MachineState.UNKNOWN;
        };
    }

    /** The value, or null when it is absent or blank. */
    private static String present(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String query(QuivaMachineFilter f) {
        List<String> params = new ArrayList<>();
        add(params, "namespace", f.namespace());
        add(params, "runtime", f.runtime());
        add(params, "service", f.service());
        add(params, "status", f.status());
        return params.isEmpty() ? "" : "?" + String.join("&", params);
    }

    private static void add(List<String> params, String name, String value) {
        if (value != null && !value.isBlank()) {
            params.add(name + "=" + PercentEncoding.queryValue(value, "*"));
        }
    }

    /** Runs a call with the current token; after a 401 with a session token, refreshes once and tries again. */
    private <T> T authorized(
            RequestOperation kind,
            Function<Credential, ProviderHttp.Request> request,
            ProviderHttp.BodyReader<T> reader) {
        Credential token = currentToken();
        try {
            return http.call(kind, request.apply(token), reader);
        } catch (ProviderException e) {
            if (e.httpStatus() != 401 || !account.credential().isQuivaApiKey()) {
                throw e;
            }
            LOG.debugf("provider account %s: Quiva answered 401, renewing the auth token", account.key());
            Credential renewed = renewAfterUnauthorized(token);
            return http.call(kind, request.apply(renewed), reader);
        }
    }

    private synchronized Credential currentToken() {
        if (!account.credential().isQuivaApiKey()) {
            return account.credential();
        }
        if (authToken == null) {
            exchangeApiKey();
        } else if (authTokenExpiry != null && Instant.now().isAfter(authTokenExpiry.minus(REFRESH_MARGIN))) {
            refreshOrExchange();
        }
        return authToken;
    }

    private synchronized Credential renewAfterUnauthorized(Credential rejected) {
        // Another thread may have renewed it already while this one waited for the lock.
        if (authToken != null && !authToken.equals(rejected)) {
            return authToken;
        }
        refreshOrExchange();
        return authToken;
    }

    private void refreshOrExchange() {
        if (refreshToken == null || authToken == null) {
            exchangeApiKey();
            return;
        }
        try {
            URI uri = URI.create(base + "/accounts/refresh-token");
            String body = ProviderHttp.jsonWithSecrets(Map.of("auth_token", authToken, "refresh_token", refreshToken));
            QuivaDtos.AuthData data = http.call(
                    RequestOperation.AUTH,
                    ProviderHttp.Request.post(uri, "POST /accounts/refresh-token", null, body),
                    QuivaClient::readAuth);
            store(data);
            LOG.debugf("provider account %s: Quiva auth token refreshed", account.key());
        } catch (ProviderException e) {
            if (e.kind() != ProviderException.Kind.AUTH && e.kind() != ProviderException.Kind.BAD_REQUEST) {
                throw e;
            }
            LOG.debugf(
                    "provider account %s: Quiva token refresh refused (%s), exchanging the API key again",
                    account.key(), e.kind());
            exchangeApiKey();
        }
    }

    private void exchangeApiKey() {
        URI uri = URI.create(base + "/accounts/auth-with-api-key");
        String body = ProviderHttp.jsonWithSecrets(Map.of("api_key", account.credential()));
        QuivaDtos.AuthData data = http.call(
                RequestOperation.AUTH,
                ProviderHttp.Request.post(uri, "POST /accounts/auth-with-api-key", null, body),
                QuivaClient::readAuth);
        store(data);
        LOG.debugf("provider account %s: Quiva API key exchanged for an auth token", account.key());
    }

    private void store(QuivaDtos.AuthData data) {
        authToken = Credential.bearerToken(data.authToken());
        refreshToken = data.refreshToken() == null || data.refreshToken().isBlank()
                ? null
                : Credential.bearerToken(data.refreshToken());
        authTokenExpiry = jwtExpiry(data.authToken());
        http.setRuntimeSecrets(refreshToken == null ? List.of(authToken) : List.of(authToken, refreshToken));
    }

    private static QuivaDtos.AuthData readAuth(String body) throws IOException {
        QuivaDtos.AuthResponse r = ProviderJson.MAPPER.readValue(body, QuivaDtos.AuthResponse.class);
        if (r == null
                || r.data() == null
                || r.data().authToken() == null
                || r.data().authToken().isBlank()) {
            throw new IOException("expected {\"data\":{\"auth_token\":...}}");
        }
        return r.data();
    }

    /** The {@code exp} claim of a JWT, or null when the token is not a JWT or has none. */
    static Instant jwtExpiry(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            JsonNode claims = ProviderJson.MAPPER.readTree(new String(payload, StandardCharsets.UTF_8));
            JsonNode exp = claims == null ? null : claims.get("exp");
            return exp != null && exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null;
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }
}
