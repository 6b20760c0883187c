package io.computemirror.provider;

import java.math.BigDecimal;

/** One GPU of a Clore offer (memory in GB, compute in TFLOPs, as the listing documents). */
public record GpuInfo(
        String id, String name, BigDecimal memoryGb, Integer cudaCores, Integer tensorCores, BigDecimal tflops) {}
