package io.computemirror.provider;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One rentable offer of a marketplace (Clore, Vast) as listed.
 *
 * @param externalId Clore: the listing's {@code metadata.machine_id}; Vast: the offer (ask) {@code id}
 * @param available Clore: {@code status} is {@code available}; Vast: the offer is rentable
 * @param providerStatus the listing's status as sent (Vast: {@code rentable} or {@code unrentable})
 * @param bandwidthMbps Clore {@code network_info.bandwidth}; Vast {@code inet_down}
 * @param reliability the marketplace's reliability score from 0 to 1 (Vast {@code reliability}), or null
 * @param verification the host's verification as the marketplace spells it (Vast {@code verification}: {@code verified}, {@code unverified}, {@code deverified}), or null
 * @param datacenter whether the host is a datacenter, or null when the marketplace does not say
 * @param facts further facts only one marketplace reports ({@link VastOfferFacts}), or null
 */
public record OfferObservation(
        String externalId,
        boolean available,
        String providerStatus,
        List<GpuInfo> gpus,
        String cpuModel,
        String cpuArch,
        Integer cpuCores,
        Integer cpuThreads,
        Integer cpuBaseClockMhz,
        Integer cpuBoostClockMhz,
        BigDecimal ramGb,
        BigDecimal memoryRequiredGb,
        BigDecimal storageGb,
        String diskType,
        String diskName,
        BigDecimal bandwidthMbps,
        String country,
        String city,
        String cudaVersion,
        List<Price> prices,
        BigDecimal reliability,
        String verification,
        Boolean datacenter,
        ProviderFacts facts) {

    public OfferObservation {
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
        prices = prices == null ? List.of() : List.copyOf(prices);
    }

    /** Facts only one marketplace reports; kept typed so a reader knows which exist. */
    public sealed interface ProviderFacts permits VastOfferFacts {}

    /**
     * From a Vast offer.
     *
     * @param machineId {@code machine_id}: several offers can share one machine
     * @param gpuRamMib {@code gpu_ram} as sent (MiB per GPU, nvidia-smi's figure)
     * @param machineRamGib {@code cpu_ram} in GiB: the whole machine's memory, of which {@code ramGb} is the offer's
     *        share
     * @param basePerHourUsd {@code dph_base}: USD per hour without storage
     * @param storagePerGbMonthUsd {@code storage_cost}
     * @param minBidPerHourUsd {@code min_bid}: the lowest interruptible price
     * @param interruptible whether the search priced interruptible ({@code bid}) rentals
     * @param listedUntil {@code end_date}: the longest a rental can last
     * @param region the part of {@code geolocation} before the country code, or null
     */
    public record VastOfferFacts(
            String machineId,
            String hostId,
            Integer gpuRamMib,
            BigDecimal machineRamGib,
            BigDecimal basePerHourUsd,
            BigDecimal storagePerGbMonthUsd,
            BigDecimal minBidPerHourUsd,
            boolean interruptible,
            Integer computeCapability,
            String driverVersion,
            BigDecimal uploadMbps,
            Instant listedUntil,
            String region)
            implements ProviderFacts {}
}
