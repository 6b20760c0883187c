package io.computemirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.computemirror.testing.CrdFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Fails the build when crds/ differs from what the classes generate (run after the Quarkus build wrote
 * target/kubernetes). {@code hack/update-crds.sh} passes {@code -Dcrds.update=true} to rewrite crds/ instead.
 */
class CrdDriftIT {

    static final java.util.List<Class<? extends HasMetadata>> KINDS = CrdFiles.KINDS;

    @ParameterizedTest
    @FieldSource("KINDS")
    void committedCrdMatchesGeneratedOne(Class<? extends HasMetadata> kind) throws IOException {
        String expected = CrdFiles.expectedContent(kind);
        Path committed = CrdFiles.COMMITTED_DIR.resolve(CrdFiles.fileName(kind));
        if (Boolean.getBoolean("crds.update")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, expected);
        }
        assertThat(committed).as("committed CRD " + committed).exists();
        assertThat(Files.readString(committed))
                .as(committed
                        + " differs from the CRD generated from the classes: run hack/update-crds.sh and commit crds/")
                .isEqualTo(expected);
    }
}
