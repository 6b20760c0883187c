package io.computemirror.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ChartJvmTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theHeapIsTheChartsShareOfItsLimit() throws Exception {
        ChartJvm jvm = ChartJvm.of(
                JSON.readTree(
                        """
                {"javaToolOptions": "-XX:MaxRAMPercentage=35 -XX:+UseSerialGC -Xss512k",
                 "resources": {"limits": {"memory": "320Mi"}}}
                """));

        assertThat(jvm.heap()).isEqualTo("112m");
        assertThat(jvm.options()).containsExactly("-XX:+UseSerialGC", "-Xss512k");
    }

    @Test
    void aLimitOutsideMebibytesIsRefusedByName() throws Exception {
        assertThatThrownBy(
                        () -> ChartJvm.of(
                                JSON.readTree(
                                        """
                        {"javaToolOptions": "-XX:MaxRAMPercentage=35", "resources": {"limits": {"memory": "1Gi"}}}
                        """)))
                .hasMessageContaining("resources.limits.memory in Mi (is '1Gi')");
    }

    @Test
    void theChartsOwnValuesRead() {
        ChartJvm jvm = ChartJvm.read(Path.of("helm/compute-mirror/values.yaml"));

        assertThat(jvm.heap()).matches("[1-9][0-9]*m");
        assertThat(jvm.options()).contains("-XX:+UseSerialGC").noneMatch(o -> o.startsWith("-XX:MaxRAMPercentage"));
    }
}
