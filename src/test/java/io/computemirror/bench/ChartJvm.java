package io.computemirror.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The JVM settings of the Helm chart's defaults, for an operator run outside a container: the chart sizes the heap as
 * a share of the container's memory limit ({@code -XX:MaxRAMPercentage}), which outside a container would be a share
 * of the machine's memory, so it becomes the {@code -Xmx} that share of the limit gives.
 *
 * @param heap {@code -Xmx}'s value, in MiB ({@code 112m})
 * @param options the other options of {@code javaToolOptions}
 */
record ChartJvm(String heap, List<String> options) {

    private static final Pattern PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)");
    private static final Pattern MEBIBYTES = Pattern.compile("([0-9]+)Mi");

    static ChartJvm read(Path values) {
        try {
            return of(new ObjectMapper(new YAMLFactory()).readTree(values.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chart's values " + values, e);
        }
    }

    static ChartJvm of(JsonNode values) {
        String limit = values.path("resources").path("limits").path("memory").asText();
        String javaToolOptions = values.path("javaToolOptions").asText();
        Matcher mebibytes = MEBIBYTES.matcher(limit);
        Matcher percentage = PERCENTAGE.matcher(javaToolOptions);
        if (!mebibytes.matches() || !percentage.find()) {
            throw new IllegalArgumentException("the chart's values need resources.limits.memory in Mi (is '" + limit
                    + "') and -XX:MaxRAMPercentage in javaToolOptions (is '" + javaToolOptions + "')");
        }
        long heap = Math.round(Long.parseLong(mebibytes.group(1)) * Double.parseDouble(percentage.group(1)) / 100);
        List<String> options = Arrays.stream(javaToolOptions.trim().split("\\s+"))
                .filter(o -> !PERCENTAGE.matcher(o).matches())
                .toList();
        return new ChartJvm(heap + "m", options);
    }
}
