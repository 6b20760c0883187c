package io.computemirror.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.computemirror.api.v1alpha1.MachineSchedule;
import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.CrdFiles;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** The API server refuses bad MachineSchedules at admission with a message naming the field, and fills defaults. */
@ExtendWith(ApiServerExtension.class)
class MachineScheduleAdmissionIT {

    private static final String NS = "default";

    @BeforeAll
    static void installCrds(KubernetesClient client) {
        CrdFiles.install(client);
    }

    static Stream<Arguments> invalidSchedules() {
        return Stream.of(
                Arguments.of(
                        "unknown time zone",
                        schedule("timeZone: Mars/Olympus_Mons", window("0 19 * * 1-5", "0 7 * * 1-5")),
                        "spec.timeZone: Invalid value",
                        "spec.timeZone must be an IANA time zone name"),
                Arguments.of(
                        "time zone as an offset",
                        schedule("timeZone: \"+02:00\"", window("0 19 * * 1-5", "0 7 * * 1-5")),
                        "spec.timeZone",
                        "IANA time zone name"),
                Arguments.of(
                        "cron with four fields",
                        schedule("", window("0 19 * *", "0 7 * * 1-5")),
                        "spec.windows[0].suspend",
                        "must be a five-field cron expression"),
                Arguments.of(
                        "cron with seconds",
                        schedule("", window("0 19 * * 1-5", "0 0 7 * * 1-5")),
                        "spec.windows[0].resume",
                        "must be a five-field cron expression"),
                Arguments.of(
                        "hour 24",
                        schedule("", window("0 24 * * *", "0 7 * * *")),
                        "spec.windows[0].suspend",
                        "hour (0-23)"),
                Arguments.of(
                        "a nickname",
                        schedule("", window("@daily", "0 7 * * *")),
                        "spec.windows[0].suspend",
                        "no @daily"),
                Arguments.of("empty windows", schedule("", "  windows: []"), "spec.windows", "at least 1 items"),
                Arguments.of("no windows", schedule("", ""), "spec.windows: Required value", "windows"),
                Arguments.of(
                        "maxConcurrent 0",
                        schedule("maxConcurrent: 0", window("0 19 * * *", "0 7 * * *")),
                        "spec.maxConcurrent",
                        "greater than or equal to 1"),
                Arguments.of(
                        "no selector",
                        """
                        apiVersion: computemirror.io/v1alpha1
                        kind: MachineSchedule
                        metadata:
                          name: invalid
                        spec:
                        %s
                        """
                                .formatted(window("0 19 * * *", "0 7 * * *")),
                        "spec.selector: Required value",
                        "selector"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSchedules")
    void aBadScheduleIsRefusedNamingTheField(
            String description, String yaml, String field, String message, KubernetesClient client) {
        assertThatThrownBy(() -> client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                        .inNamespace(NS)
                        .create())
                .as(description)
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode())
                        .isEqualTo(422))
                .hasMessageContaining(field)
                .hasMessageContaining(message);
    }

    @Test
    void aGoodScheduleIsAcceptedWithItsDefaults(KubernetesClient client) {
        String yaml = schedule(
                        "",
                        window("0 19 * * MON-FRI", "0 7 * * MON-FRI") + "\n" + "  - suspend: \"*/2 * * * *\"\n"
                                + "    resume: \"1-59/2 * * * *\"")
                .replace("name: invalid", "name: nights");
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .inNamespace(NS)
                .create();
        MachineSchedule created = client.resources(MachineSchedule.class)
                .inNamespace(NS)
                .withName("nights")
                .get();
        assertThat(created.getSpec().getTimeZone()).isEqualTo("UTC");
        assertThat(created.getSpec().getMaxConcurrent()).isEqualTo(5);
        assertThat(created.getSpec().getWindows()).hasSize(2);

        MachineSchedule berlin = client.resources(MachineSchedule.class)
                .inNamespace(NS)
                .withName("nights")
                .edit(s -> {
                    s.getSpec().setTimeZone("Europe/Berlin");
                    return s;
                });
        assertThat(berlin.getSpec().getTimeZone()).isEqualTo("Europe/Berlin");
    }

    private static String window(String suspend, String resume) {
        return "  windows:\n  - suspend: \"" + suspend + "\"\n    resume: \"" + resume + "\"";
    }

    private static String schedule(String line, String windows) {
        return """
                apiVersion: computemirror.io/v1alpha1
                kind: MachineSchedule
                metadata:
                  name: invalid
                spec:
                  selector:
                    matchLabels: {computemirror.io/provider: akua-main}
                  %s
                %s
                """
                .formatted(line, windows);
    }
}
