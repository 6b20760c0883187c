package io.computemirror.provider;

/**
 * Optional filter of Clore {@code GET /clore/v1/machines}, sent as {@code filter=key:value,...}; null fields are
 * not sent. Memory and storage are sent with a {@code GB} suffix as in the Hiveon example
 * ({@code memory_size:24GB}).
 *
 * @param machineStatus e.g. {@code available} or {@code unavailable}
 */
public record CloreFilter(String gpuName, Integer minMemoryGb, String cpuName, Integer minCpuCores,
        Integer minStorageGb, String machineStatus) {

    /** No filter: every listed machine. */
    public static CloreFilter none() {
        return new CloreFilter(null, null, null, null, null, null);
    }
}
