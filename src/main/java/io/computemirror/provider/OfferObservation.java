package io.computemirror.provider;

import java.math.BigDecimal;
import java.util.List;

/**
 * One rentable machine of the Clore marketplace as listed.
 *
 * @param externalId the listing's {@code metadata.machine_id}
 * @param available true when {@code status} is {@code available}
 * @param providerStatus {@code status} as listed
 * @param bandwidthMbps {@code network_info.bandwidth}
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
        List<Price> prices) {

    public OfferObservation {
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
        prices = prices == null ? List.of() : List.copyOf(prices);
    }
}
