package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** One GPU of an offer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OfferGpu {
    @Size(max = 128)
    private String name;

    private Double memoryGb;
    private Integer cudaCores;
    private Integer tensorCores;

    @JsonPropertyDescription("Performance in TFLOPs.")
    private Double tflops;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Double getMemoryGb() {
        return memoryGb;
    }

    public void setMemoryGb(Double memoryGb) {
        this.memoryGb = memoryGb;
    }

    public Integer getCudaCores() {
        return cudaCores;
    }

    public void setCudaCores(Integer cudaCores) {
        this.cudaCores = cudaCores;
    }

    public Integer getTensorCores() {
        return tensorCores;
    }

    public void setTensorCores(Integer tensorCores) {
        this.tensorCores = tensorCores;
    }

    public Double getTflops() {
        return tflops;
    }

    public void setTflops(Double tflops) {
        this.tflops = tflops;
    }
}
