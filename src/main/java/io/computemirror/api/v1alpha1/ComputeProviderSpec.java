package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What a ComputeProvider account is and how to poll it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!has(self.akua) || self.type == 'Akua'",
        fieldPath = ".akua",
        reason = "FieldValueForbidden",
        message = "spec.akua is only allowed when spec.type is Akua: remove it or change the type")
@ValidationRule(
        value = "!has(self.quiva) || self.type == 'Quiva'",
        fieldPath = ".quiva",
        reason = "FieldValueForbidden",
        message = "spec.quiva is only allowed when spec.type is Quiva: remove it or change the type")
@ValidationRule(
        value = "!has(self.clore) || self.type == 'Clore'",
        fieldPath = ".clore",
        reason = "FieldValueForbidden",
        message = "spec.clore is only allowed when spec.type is Clore: remove it or change the type")
@ValidationRule(
        value = "!has(self.vast) || self.type == 'Vast'",
        fieldPath = ".vast",
        reason = "FieldValueForbidden",
        message = "spec.vast is only allowed when spec.type is Vast: remove it or change the type")
@ValidationRule(
        value =
                "!has(self.staleAfter) || !has(self.pollInterval) || duration(self.staleAfter) >= duration(self.pollInterval)",
        fieldPath = ".staleAfter",
        reason = "FieldValueInvalid",
        message =
                "spec.staleAfter must be at least spec.pollInterval (mirrors would turn stale between two polls): raise it or remove it")
public class ComputeProviderSpec {

    /** Go-style duration such as 30s, 5m or 1h30m. */
    static final String DURATION_PATTERN = "^([0-9]+(ms|s|m|h))+$";

    @Required
    @JsonPropertyDescription(
            "Provider of this account: Quiva, Clore, Akua or Vast. Immutable: create a new ComputeProvider to change it.")
    @ValidationRule(value = "self == oldSelf", message = "spec.type is immutable: create a new ComputeProvider instead")
    private ProviderType type;

    @Size(max = 2048)
    @JsonPropertyDescription(
            "Base URL of the provider API as its documentation writes it (default https://api.quiva.ai, "
                    + "https://api.hiveon.ai, https://api.akua.dev/v1 or https://console.vast.ai). Must be https unless the operator allows insecure endpoints. "
                    + "Never put credentials in it.")
    @ValidationRule(
            value = "isURL(self) && url(self).getScheme() in ['https', 'http'] && url(self).getHostname() != ''",
            message = "spec.endpoint must be an absolute https URL such as https://api.akua.dev/v1")
    @ValidationRule(
            value = "!self.contains('@') && !self.contains('?') && !self.contains('#')",
            message =
                    "spec.endpoint must not contain user info, a query or a fragment: credentials belong in the Secret")
    private String endpoint;

    @Required
    @JsonPropertyDescription("Secret key (in this namespace) whose value is the provider credential: the bearer token, "
            + "or for Quiva an API key.")
    private SecretKeyRef credentialsSecretRef;

    @Default("60s")
    @Size(max = 32)
    @Pattern(DURATION_PATTERN)
    @JsonPropertyDescription("How often to poll the provider, as a duration (e.g. 30s, 5m). At least 10s, at most 24h.")
    @ValidationRule(
            value = "duration(self) >= duration('10s') && duration(self) <= duration('24h')",
            message = "spec.pollInterval must be between 10s and 24h, for example 60s")
    private String pollInterval;

    @Size(max = 32)
    @Pattern(DURATION_PATTERN)
    @JsonPropertyDescription("How old the mirrors' data may get while polls fail or are rate-limited before they turn "
            + "Synced=False, as a duration (e.g. 3m). Default three poll intervals; at least 10s, at most 168h.")
    @ValidationRule(
            value = "duration(self) >= duration('10s') && duration(self) <= duration('168h')",
            message = "spec.staleAfter must be between 10s and 168h, for example 3m")
    private String staleAfter;

    @Default("10m")
    @Size(max = 32)
    @Pattern(DURATION_PATTERN)
    @JsonPropertyDescription(
            "How long an object that vanished at the provider stays as phase Gone before its resource is "
                    + "deleted (e.g. 10m). At most 720h.")
    @ValidationRule(value = "duration(self) <= duration('720h')", message = "spec.goneGracePeriod must be at most 720h")
    private String goneGracePeriod;

    @JsonPropertyDescription("Stop polling and writing while true.")
    private Boolean paused;

    @JsonPropertyDescription("Akua settings; only with type Akua.")
    private AkuaSpec akua;

    @JsonPropertyDescription("Quiva settings; only with type Quiva.")
    private QuivaSpec quiva;

    @JsonPropertyDescription("Clore on Hiveon settings; only with type Clore.")
    private CloreSpec clore;

    @JsonPropertyDescription("Vast.ai settings; only with type Vast.")
    private VastSpec vast;

    public ProviderType getType() {
        return type;
    }

    public void setType(ProviderType type) {
        this.type = type;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public SecretKeyRef getCredentialsSecretRef() {
        return credentialsSecretRef;
    }

    public void setCredentialsSecretRef(SecretKeyRef credentialsSecretRef) {
        this.credentialsSecretRef = credentialsSecretRef;
    }

    public String getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(String pollInterval) {
        this.pollInterval = pollInterval;
    }

    public String getStaleAfter() {
        return staleAfter;
    }

    public void setStaleAfter(String staleAfter) {
        this.staleAfter = staleAfter;
    }

    public String getGoneGracePeriod() {
        return goneGracePeriod;
    }

    public void setGoneGracePeriod(String goneGracePeriod) {
        this.goneGracePeriod = goneGracePeriod;
    }

    public Boolean getPaused() {
        return paused;
    }

    public void setPaused(Boolean paused) {
        this.paused = paused;
    }

    public AkuaSpec getAkua() {
        return akua;
    }

    public void setAkua(AkuaSpec akua) {
        this.akua = akua;
    }

    public QuivaSpec getQuiva() {
        return quiva;
    }

    public void setQuiva(QuivaSpec quiva) {
        this.quiva = quiva;
    }

    public CloreSpec getClore() {
        return clore;
    }

    public void setClore(CloreSpec clore) {
        this.clore = clore;
    }

    public VastSpec getVast() {
        return vast;
    }

    public void setVast(VastSpec vast) {
        this.vast = vast;
    }
}
