package io.computemirror.sandbox;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The Clore {@code filter} query parameter: comma-separated {@code key:value} pairs. {@code gpu_name} (alias
 * {@code gpu}: every word of the value must occur in a GPU name, case-insensitive), {@code cpu_name} (same rule on
 * the CPU model), {@code memory_size}, {@code storage_size}, {@code cpu_cores} (at least this much; a {@code GB}
 * suffix is allowed), {@code machine_id} (exact) and {@code machine_status} (alias {@code machine.status}, exact);
 * any other key answers 400.
 */
final class CloreFilter {

    private CloreFilter() {}

    static Predicate<CloreSimulator.Offer> parse(String filter) {
        Predicate<CloreSimulator.Offer> result = o -> true;
        if (filter.isBlank()) {
            return result;
        }
        for (String pair : filter.split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw SimulatorException.badRequest("filter entries must look like key:value, got '" + pair + "'");
            }
            String key = pair.substring(0, colon).trim();
            String value = pair.substring(colon + 1).trim();
            result = result.and(
                    switch (key) {
                        case "gpu_name", "gpu" -> o -> o.gpus().stream().anyMatch(g -> containsWords(g.name(), value));
                        case "cpu_name" -> o -> containsWords(o.cpuModel(), value);
                        case "memory_size" -> atLeast(value, key, CloreSimulator.Offer::totalMemory);
                        case "storage_size" -> atLeast(value, key, CloreSimulator.Offer::diskSpace);
                        case "cpu_cores" -> atLeast(value, key, CloreSimulator.Offer::cores);
                        case "machine_id" -> o -> o.machineId().equals(value);
                        case "machine_status", "machine.status" ->
                            o -> o.status().equals(value);
                        default ->
                            throw SimulatorException.badRequest("unsupported filter '" + key
                                    + "'; use gpu_name, memory_size, cpu_name, cpu_cores, storage_size, machine_id or "
                                    + "machine_status");
                    });
        }
        return result;
    }

    private static boolean containsWords(String text, String words) {
        String haystack = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(words.toLowerCase(Locale.ROOT).split("\\s+")).allMatch(haystack::contains);
    }

    private static Predicate<CloreSimulator.Offer> atLeast(
            String value, String key, ToIntFunction<CloreSimulator.Offer> field) {
        String number = value.toUpperCase(Locale.ROOT).replace("GB", "").trim();
        try {
            BigDecimal min = new BigDecimal(number);
            return o -> BigDecimal.valueOf(field.applyAsInt(o)).compareTo(min) >= 0;
        } catch (NumberFormatException e) {
            throw SimulatorException.badRequest(key + " must be a number (optionally with GB), was '" + value + "'");
        }
    }
}
