package io.computemirror.api.v1alpha1;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
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
            "Provider of this account: Quiva, Clore or Akua. Immutable: create a new ComputeProvider to change it.")
    @ValidationRule(value = "self == oldSelf", message = "spec.type is immutable: create a new ComputeProvider instead")
    private ProviderType type;

    @Size(max = 2048)
    @JsonPropertyDescription(
            "Base URL of the provider API as its documentation writes it (default https://api.quiva.ai, "
                    + "https://api.hiveon.ai or https://api.akua.dev/v1). Must be https unless the operator allows insecure endpoints. "
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
    private AkuaSettings akua;

    @JsonPropertyDescription("Quiva settings; only with type Quiva.")
    private QuivaSettings quiva;

    @JsonPropertyDescription("Clore on Hiveon settings; only with type Clore.")
    private CloreSettings clore;

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

    public AkuaSettings getAkua() {
        return akua;
    }

    public void setAkua(AkuaSettings akua) {
        this.akua = akua;
    }

    public QuivaSettings getQuiva() {
        return quiva;
    }

    public void setQuiva(QuivaSettings quiva) {
        this.quiva = quiva;
    }

    public CloreSettings getClore() {
        return clore;
    }

    public void setClore(CloreSettings clore) {
        this.clore = clore;
    }

    /** Akua account settings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class AkuaSettings {
        @Size(min = 1, max = 53)
        @Pattern("^ws_[A-Za-z0-9]+$")
        @JsonPropertyDescription("Workspace id (ws_...) sent as the akua-context header; only needed with tokens that "
                + "span several workspaces.")
        private String workspace;

        @Default("72h")
        @Size(max = 32)
        @Pattern(DURATION_PATTERN)
        @JsonPropertyDescription("How long before a suspension's snapshot expires the Machine says so "
                + "(status.suspension.expiringSoon, a SuspensionExpiring Warning Event), e.g. 72h (the default).")
        @ValidationRule(
                value = "duration(self) <= duration('8760h')",
                message = "spec.akua.suspensionExpiryWarning must be at most 8760h, for example 72h")
        private String suspensionExpiryWarning;

        public String getWorkspace() {
            return workspace;
        }

        public void setWorkspace(String workspace) {
            this.workspace = workspace;
        }

        public String getSuspensionExpiryWarning() {
            return suspensionExpiryWarning;
        }

        public void setSuspensionExpiryWarning(String suspensionExpiryWarning) {
            this.suspensionExpiryWarning = suspensionExpiryWarning;
        }
    }

    /** Quiva account settings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class QuivaSettings {
        @JsonPropertyDescription("Filters passed to GET /compute/machines.")
        private QuivaFilter filter;

        public QuivaFilter getFilter() {
            return filter;
        }

        public void setFilter(QuivaFilter filter) {
            this.filter = filter;
        }
    }

    /**
     * Query filters of Quiva's machine list ({@code GET /compute/machines}); null fields are not sent. The one
     * definition of the filter: the provider layer sends it as it is.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class QuivaFilter {
        @Size(max = 128)
        private String namespace;

        @Size(max = 128)
        private String runtime;

        @Size(max = 128)
        private String service;

        @Size(max = 16)
        @ValidationRule(
                value = "self in ['running', 'paused', 'stopped', '*']",
                message = "spec.quiva.filter.status must be one of running, paused, stopped or *")
        private String status;

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }

        public String getRuntime() {
            return runtime;
        }

        public void setRuntime(String runtime) {
            this.runtime = runtime;
        }

        public String getService() {
            return service;
        }

        public void setService(String service) {
            this.service = service;
        }

        public String getStatus() {
            return status;
        }

        public void setStatus(String status) {
            this.status = status;
        }

        public QuivaFilter() {}

        public QuivaFilter(String namespace, String runtime, String service, String status) {
            this.namespace = namespace;
            this.runtime = runtime;
            this.service = service;
            this.status = status;
        }

        // Value semantics: the provider layer keeps one client per account while its settings (this filter too) are
        // equal.
        @Override
        public boolean equals(Object o) {
            return o instanceof QuivaFilter f
                    && Objects.equals(namespace, f.namespace)
                    && Objects.equals(runtime, f.runtime)
                    && Objects.equals(service, f.service)
                    && Objects.equals(status, f.status);
        }

        @Override
        public int hashCode() {
            return Objects.hash(namespace, runtime, service, status);
        }
    }

    /** Clore on Hiveon account settings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CloreSettings {
        @JsonPropertyDescription("Filter passed to GET /clore/v1/machines.")
        private CloreFilter filter;

        @Min(1)
        @Max(1000)
        @JsonPropertyDescription("Offers requested per page (1-1000, default 100).")
        private Integer pageSize;

        @Min(1)
        @Max(100000)
        @JsonPropertyDescription("Upper bound of offers mirrored from this account (1-100000, default 10000).")
        private Integer maxOffers;

        @JsonPropertyDescription("How listed prices are normalised (status.normalizedPrice of the offers): unit "
                + "(default Day), currency (default USD), exchange rates.")
        private PricingSettings pricing;

        public PricingSettings getPricing() {
            return pricing;
        }

        public void setPricing(PricingSettings pricing) {
            this.pricing = pricing;
        }

        public CloreFilter getFilter() {
            return filter;
        }

        public void setFilter(CloreFilter filter) {
            this.filter = filter;
        }

        public Integer getPageSize() {
            return pageSize;
        }

        public void setPageSize(Integer pageSize) {
            this.pageSize = pageSize;
        }

        public Integer getMaxOffers() {
            return maxOffers;
        }

        public void setMaxOffers(Integer maxOffers) {
            this.maxOffers = maxOffers;
        }
    }

    /**
     * Filter of Clore's marketplace listing ({@code GET /clore/v1/machines}, sent as {@code filter=key:value,...});
     * null fields are not sent. The one definition of the filter: the provider layer sends it as it is.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CloreFilter {
        @Size(max = 128)
        private String gpuName;

        @Min(0)
        @Max(1048576)
        private Integer minMemoryGb;

        @Size(max = 128)
        private String cpuName;

        @Min(0)
        @Max(4096)
        private Integer minCpuCores;

        @Min(0)
        @Max(1048576)
        private Integer minStorageGb;

        private OfferAvailability machineStatus;

        public String getGpuName() {
            return gpuName;
        }

        public void setGpuName(String gpuName) {
            this.gpuName = gpuName;
        }

        public Integer getMinMemoryGb() {
            return minMemoryGb;
        }

        public void setMinMemoryGb(Integer minMemoryGb) {
            this.minMemoryGb = minMemoryGb;
        }

        public String getCpuName() {
            return cpuName;
        }

        public void setCpuName(String cpuName) {
            this.cpuName = cpuName;
        }

        public Integer getMinCpuCores() {
            return minCpuCores;
        }

        public void setMinCpuCores(Integer minCpuCores) {
            this.minCpuCores = minCpuCores;
        }

        public Integer getMinStorageGb() {
            return minStorageGb;
        }

        public void setMinStorageGb(Integer minStorageGb) {
            this.minStorageGb = minStorageGb;
        }

        public OfferAvailability getMachineStatus() {
            return machineStatus;
        }

        public void setMachineStatus(OfferAvailability machineStatus) {
            this.machineStatus = machineStatus;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CloreFilter f
                    && Objects.equals(gpuName, f.gpuName)
                    && Objects.equals(minMemoryGb, f.minMemoryGb)
                    && Objects.equals(cpuName, f.cpuName)
                    && Objects.equals(minCpuCores, f.minCpuCores)
                    && Objects.equals(minStorageGb, f.minStorageGb)
                    && machineStatus == f.machineStatus;
        }

        @Override
        public int hashCode() {
            return Objects.hash(gpuName, minMemoryGb, cpuName, minCpuCores, minStorageGb, machineStatus);
        }
    }

    /** Values of Clore's machine_status filter. */
    public enum OfferAvailability {
        available,
        unavailable
    }
}
