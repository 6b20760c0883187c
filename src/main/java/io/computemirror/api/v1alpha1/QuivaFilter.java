package io.computemirror.api.v1alpha1;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Query filters of Quiva's machine list ({@code GET /compute/machines}); null fields are not sent.
 * {@code io.computemirror.account.ProviderRegistry} reads it into the Quiva client's own filter.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuivaFilter {
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

    // Value semantics, so two specs with the same filter compare equal.
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
