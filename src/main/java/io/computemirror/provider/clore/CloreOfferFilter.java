package io.computemirror.provider.clore;

/**
 * Filter of Clore's marketplace listing ({@code GET /clore/v1/machines}, sent as {@code filter=key:value,...}); null
 * fields are not sent. Memory and storage are sent with a {@code GB} suffix.
 *
 * @param machineStatus {@code available} or {@code unavailable}
 */
public record CloreOfferFilter(
        String gpuName,
        Integer minMemoryGb,
        String cpuName,
        Integer minCpuCores,
        Integer minStorageGb,
        String machineStatus) {

    /** No filter: the whole marketplace. */
    public static CloreOfferFilter none() {
        return new CloreOfferFilter(null, null, null, null, null, null);
    }
}
