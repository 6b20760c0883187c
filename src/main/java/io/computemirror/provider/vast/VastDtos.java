package io.computemirror.provider.vast;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Wire shapes of the Vast.ai API, field names exactly as Vast returns them. Every number may be null and fields come
 * and go, so every component is a nullable box and unknown fields are ignored. Fields that carry secrets
 * ({@code jupyter_token}; {@code extra_env}, {@code onstart} and {@code image_args}, which hold whatever the renter put
 * into the container's environment and start script) are deliberately not declared, so they are never read into an
 * object that could be logged or mirrored.
 */
public final class VastDtos {

    private VastDtos() {}

    /** {@code POST /api/v0/bundles/}: {@code {"offers": [...]}}, with no count, total or cursor. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OfferList(List<Offer> offers) {}

    /** One offer (an "ask"); {@code gpu_ram} is MiB per GPU, prices USD per hour, {@code storage_cost} per GB-month. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Offer(
            Long id,
            @JsonProperty("ask_contract_id") Long askContractId,
            @JsonProperty("machine_id") Long machineId,
            @JsonProperty("host_id") Long hostId,
            @JsonProperty("gpu_name") String gpuName,
            @JsonProperty("num_gpus") Integer numGpus,
            @JsonProperty("gpu_ram") Integer gpuRam,
            @JsonProperty("gpu_total_ram") Integer gpuTotalRam,
            @JsonProperty("compute_cap") Integer computeCap,
            @JsonProperty("cuda_max_good") BigDecimal cudaMaxGood,
            @JsonProperty("driver_version") String driverVersion,
            @JsonProperty("cpu_name") String cpuName,
            @JsonProperty("cpu_arch") String cpuArch,
            @JsonProperty("cpu_cores") Integer cpuCores,
            @JsonProperty("cpu_cores_effective") BigDecimal cpuCoresEffective,
            @JsonProperty("cpu_ram") Integer cpuRam,
            @JsonProperty("disk_space") BigDecimal diskSpace,
            @JsonProperty("disk_name") String diskName,
            @JsonProperty("dph_base") BigDecimal dphBase,
            @JsonProperty("dph_total") BigDecimal dphTotal,
            @JsonProperty("storage_cost") BigDecimal storageCost,
            @JsonProperty("min_bid") BigDecimal minBid,
            @JsonProperty("is_bid") Boolean isBid,
            @JsonProperty("inet_up") BigDecimal inetUp,
            @JsonProperty("inet_down") BigDecimal inetDown,
            BigDecimal reliability,
            BigDecimal reliability2,
            String verification,
            Boolean rentable,
            Boolean rented,
            String geolocation,
            @JsonProperty("hosting_type") Integer hostingType,
            Boolean datacenter,
            @JsonProperty("end_date") BigDecimal endDate) {}

    /** {@code GET /api/v1/instances/}: one cursor page of at most 25 instances. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InstancePage(
            Boolean success,
            @JsonProperty("instances_found") Integer instancesFound,
            @JsonProperty("total_instances") Integer totalInstances,
            @JsonProperty("next_token") String nextToken,
            List<Instance> instances) {}

    /**
     * {@code GET /api/v0/instances/{id}/}: {@code {"instances": {...}}}, a single object under a plural key, or
     * {@code {"instances": null}} for a destroyed or unknown instance; read as a tree because of that.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InstanceShow(JsonNode instances) {}

    /**
     * One instance. Note the spelling {@code gpu_totalram} (offers say {@code gpu_total_ram}); {@code local_ipaddrs}
     * is a space-separated string in responses but a list in Vast's SDK, so it is read as a tree and both are accepted.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Instance(
            Long id,
            @JsonProperty("machine_id") Long machineId,
            @JsonProperty("host_id") Long hostId,
            @JsonProperty("actual_status") String actualStatus,
            @JsonProperty("intended_status") String intendedStatus,
            @JsonProperty("cur_state") String curState,
            @JsonProperty("next_state") String nextState,
            @JsonProperty("status_msg") String statusMsg,
            String label,
            @JsonProperty("gpu_name") String gpuName,
            @JsonProperty("num_gpus") Integer numGpus,
            @JsonProperty("gpu_ram") Integer gpuRam,
            @JsonProperty("gpu_totalram") Integer gpuTotalram,
            @JsonProperty("disk_space") BigDecimal diskSpace,
            @JsonProperty("dph_base") BigDecimal dphBase,
            @JsonProperty("dph_total") BigDecimal dphTotal,
            @JsonProperty("storage_total_cost") BigDecimal storageTotalCost,
            @JsonProperty("is_bid") Boolean isBid,
            @JsonProperty("public_ipaddr") String publicIpaddr,
            @JsonProperty("local_ipaddrs") JsonNode localIpaddrs,
            @JsonProperty("ssh_host") String sshHost,
            @JsonProperty("ssh_port") Integer sshPort,
            @JsonProperty("image_uuid") String imageUuid,
            @JsonProperty("start_date") BigDecimal startDate,
            @JsonProperty("end_date") BigDecimal endDate,
            String geolocation,
            @JsonProperty("credit_balance") BigDecimal creditBalance) {}

    /** {@code PUT /api/v0/instances/{id}/}: {@code {"success": true}}, or false with a {@code msg}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChangeResult(Boolean success, String error, String msg) {}
}
