package io.computemirror.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;

/** CPU of an offer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OfferCpu {
    @Size(max = 128)
    private String model;

    @Size(max = 32)
    private String arch;

    private Integer cores;
    private Integer threads;
    private Integer baseClockMhz;
    private Integer boostClockMhz;

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getArch() {
        return arch;
    }

    public void setArch(String arch) {
        this.arch = arch;
    }

    public Integer getCores() {
        return cores;
    }

    public void setCores(Integer cores) {
        this.cores = cores;
    }

    public Integer getThreads() {
        return threads;
    }

    public void setThreads(Integer threads) {
        this.threads = threads;
    }

    public Integer getBaseClockMhz() {
        return baseClockMhz;
    }

    public void setBaseClockMhz(Integer baseClockMhz) {
        this.baseClockMhz = baseClockMhz;
    }

    public Integer getBoostClockMhz() {
        return boostClockMhz;
    }

    public void setBoostClockMhz(Integer boostClockMhz) {
        this.boostClockMhz = boostClockMhz;
    }
}
