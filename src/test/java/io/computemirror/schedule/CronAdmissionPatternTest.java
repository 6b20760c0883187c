package io.computemirror.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.computemirror.api.v1alpha1.MachineScheduleSpec;

/**
 * Admission (the CRD's CEL pattern) and the operator (cron-utils) agree: what admission accepts the operator can
 * compute, and the usual mistakes are refused already at admission.
 */
class CronAdmissionPatternTest {

    private static final Pattern ADMISSION = Pattern.compile(MachineScheduleSpec.CRON);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0 19 * * 1-5",
                "0 7 * * 1-5",
                "*/2 * * * *",
                "1-59/2 * * * *",
                "0 19 * * MON-FRI",
                "30 2 * * *",
                "0 0 1 JAN,JUL *",
                "0 9-17/2 * * sun",
                "0,30 8-18 * * 1,3,5",
                "5 4 * * 7",
                "0 0 31 12 *",
                "  0   22 * * *  ",
                "0 0 1-15/7 * *",
                "59 23 * dec fri"
            })
    void acceptedAtAdmissionAndComputedByTheOperator(String cron) throws Timetable.InvalidSchedule {
        assertThat(ADMISSION.matcher(cron).matches()).as(cron).isTrue();
        Timetable.parse("UTC", List.of(new Timetable.Window(cron, "0 12 * * *")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0 19 * *",
                "0 0 19 * * *",
                "0 24 * * *",
                "60 * * * *",
                "0 0 32 * *",
                "0 0 0 * *",
                "0 0 * 13 *",
                "0 0 * * 8",
                "@daily",
                "0 0 ? * *",
                "0 0 L * *",
                "0 0 * * 1#2",
                "0 0 15W * *",
                "",
                "* * * * * *",
                "0 19 * * MONDAY",
                "a b c d e"
            })
    void refusedAtAdmission(String cron) {
        assertThat(ADMISSION.matcher(cron).matches()).as(cron).isFalse();
        assertThatThrownBy(() -> Timetable.parse("UTC", List.of(new Timetable.Window(cron, "0 12 * * *"))))
                .as("the operator refuses it too")
                .isInstanceOf(Timetable.InvalidSchedule.class);
    }
}
