package io.computemirror.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferQuery;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineSchedule;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The committed CRDs under {@code crds/}: how they derive from the generated ones, and how tests install them.
 * The Fabric8 generator sorts printer columns by JSON path; kubectl shows them in CRD order, so the committed
 * files put them back in the order the classes declare them. Nothing else is changed.
 */
public final class CrdFiles {

    public static final List<Class<? extends HasMetadata>> KINDS =
            List.of(ComputeProvider.class, Machine.class, GpuOffer.class, GpuOfferQuery.class, MachineSchedule.class);
    public static final Path COMMITTED_DIR = Path.of("crds");
    public static final Path GENERATED_DIR = Path.of("target", "kubernetes");

    private static final String HEADER = "# Generated from io.computemirror.api.v1alpha1 by the build; regenerate with"
            + " hack/update-crds.sh, do not edit.\n";

    private CrdFiles() {}

    /** File name of a kind's CRD, the same in target/kubernetes and crds/. */
    public static String fileName(Class<? extends HasMetadata> kind) {
        return HasMetadata.getFullResourceName(kind) + "-v1.yml";
    }

    /** The content crds/ must hold for this kind, derived from the generated CRD. */
    public static String expectedContent(Class<? extends HasMetadata> kind) {
        CustomResourceDefinition crd = read(GENERATED_DIR.resolve(fileName(kind)));
        List<String> declared = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name)
                .toList();
        crd.getSpec().getVersions().forEach(version -> {
            List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
            if (columns != null) {
                columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
            }
        });
        return HEADER + Serialization.asYaml(crd);
    }

    /** Installs the committed CRDs and waits until the API server serves them. */
    public static void install(KubernetesClient client) {
        for (Class<? extends HasMetadata> kind : KINDS) {
            CustomResourceDefinition crd = read(COMMITTED_DIR.resolve(fileName(kind)));
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(crd)
                    .forceConflicts()
                    .serverSideApply();
        }
        for (Class<? extends HasMetadata> kind : KINDS) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(HasMetadata.getFullResourceName(kind))
                    .waitUntilCondition(
                            c -> c != null
                                    && c.getStatus() != null
                                    && c.getStatus().getConditions().stream()
                                            .anyMatch(cond -> "Established".equals(cond.getType())
                                                    && "True".equals(cond.getStatus())),
                            60,
                            TimeUnit.SECONDS);
        }
    }

    static CustomResourceDefinition read(Path file) {
        try {
            return Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (run ./mvnw package first)", e);
        }
    }
}
