package io.computemirror.api.v1alpha1;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/**
 * Filter of Clore's marketplace listing ({@code GET /clore/v1/machines}, sent as {@code filter=key:value,...});
 * null fields are not sent. {@code io.computemirror.account.ProviderRegistry} reads it into the Clore client's own
 * filter.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CloreFilter {
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
