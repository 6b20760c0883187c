package io.computemirror.provider.clore;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Wire shapes of Clore on Hiveon {@code GET /clore/v1/machines}, mirroring its JSON. */
public final class CloreDtos {

    private CloreDtos() {}

    /** One page of the listing. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MachinePage(
            Integer total,
            @JsonProperty("current_page") Integer currentPage,
            @JsonProperty("page_size") Integer pageSize,
            List<Machine> machines) {}

    /**
     * One listed machine. {@code hardware_specs} is read at the top level (as in the example JSON) and, failing
     * that, under {@code metadata} (as the field list's indentation suggests).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Machine(
            String status,
            @JsonProperty("machine_prices") List<MachinePrice> machinePrices,
            Metadata metadata,
            @JsonProperty("hardware_specs") HardwareSpecs hardwareSpecs,
            @JsonProperty("network_info") NetworkInfo networkInfo) {}

    /** A price; {@code amount} is a string in the API and stays text until parsed as BigDecimal. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MachinePrice(String id, String amount, String currency) {}

    /** Listing metadata. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metadata(
            @JsonProperty("machine_id") String machineId,
            @JsonProperty("geo_location") GeoLocation geoLocation,
            @JsonProperty("cuda_version") String cudaVersion,
            @JsonProperty("hardware_specs") HardwareSpecs hardwareSpecs,
            @JsonProperty("network_info") NetworkInfo networkInfo) {}

    /** Where the machine is. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GeoLocation(String country, String city) {}

    /** Hardware block. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HardwareSpecs(Cpu cpu, Memory memory, Storage storage, List<Gpu> gpus) {}

    /** CPU; clocks in MHz. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cpu(
            String model,
            @JsonProperty("cpu_arch") String cpuArch,
            Integer cores,
            Integer threads,
            @JsonProperty("base_clock") Integer baseClock,
            @JsonProperty("boost_clock") Integer boostClock) {}

    /** RAM in GB. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Memory(
            @JsonProperty("total_memory") BigDecimal totalMemory,
            @JsonProperty("memory_required") BigDecimal memoryRequired) {}

    /** Disk; space in GB. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Storage(
            @JsonProperty("disk_space_available") BigDecimal diskSpaceAvailable,
            @JsonProperty("disk_type") String diskType,
            @JsonProperty("disk_name") String diskName) {}

    /** One GPU; memory in GB, flops in TFLOPs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Gpu(
            String id,
            String name,
            BigDecimal memory,
            @JsonProperty("cuda_cores") Integer cudaCores,
            @JsonProperty("tensor_cores") Integer tensorCores,
            BigDecimal flops) {}

    /** Network; bandwidth in Mbps. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NetworkInfo(BigDecimal bandwidth) {}
}
