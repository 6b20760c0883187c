package io.computemirror.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The chart ships exactly the CRDs in crds/ (byte for byte): hack/update-crds.sh copies them. */
class ChartCrdsTest {

    private static final Path TOP = Path.of("crds");
    private static final Path CHART = Path.of("helm", "compute-mirror", "crds");

    @Test
    void chartCrdsAreByteForByteTheTopLevelCrds() throws IOException {
        assertThat(names(CHART))
                .as("files in " + CHART + " (copy crds/*.yml there: hack/update-crds.sh)")
                .isEqualTo(names(TOP))
                .isNotEmpty();
        for (String name : names(TOP)) {
            assertThat(Files.readAllBytes(CHART.resolve(name)))
                    .as(CHART.resolve(name) + " differs from " + TOP.resolve(name)
                            + ": run hack/update-crds.sh (or cp crds/*.yml helm/compute-mirror/crds/) and commit")
                    .isEqualTo(Files.readAllBytes(TOP.resolve(name)));
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
