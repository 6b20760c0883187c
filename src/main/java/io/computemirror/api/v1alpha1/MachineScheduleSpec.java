package io.computemirror.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Which Machines, in which time zone, and the windows in which they are suspended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MachineScheduleSpec {

    /** Allowed cron names and numbers per field; the operator parses the expressions again (cron-utils, Unix). */
    private static final String STEP = "(/[0-9]{1,2})?";

    private static final String MINUTE = "([0-5]?[0-9])";
    private static final String HOUR = "([01]?[0-9]|2[0-3])";
    private static final String DAY_OF_MONTH = "(0?[1-9]|[12][0-9]|3[01])";
    private static final String MONTH = "(0?[1-9]|1[0-2]|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))";
    private static final String DAY_OF_WEEK = "([0-7]|(?i:sun|mon|tue|wed|thu|fri|sat))";
    /** The regular expression admission applies (RE2 in the API server; the same syntax in java.util.regex). */
    public static final String CRON = "^[ \\t]*" + "([*]|" + MINUTE + "(-" + MINUTE + ")?)" + STEP + "(,([*]|" + MINUTE
            + "(-" + MINUTE + ")?)" + STEP + ")*"
            + "[ \\t]+" + "([*]|" + HOUR + "(-" + HOUR + ")?)" + STEP + "(,([*]|" + HOUR + "(-" + HOUR + ")?)" + STEP
            + ")*"
            + "[ \\t]+" + "([*]|" + DAY_OF_MONTH + "(-" + DAY_OF_MONTH + ")?)" + STEP + "(,([*]|" + DAY_OF_MONTH + "(-"
            + DAY_OF_MONTH + ")?)" + STEP + ")*"
            + "[ \\t]+" + "([*]|" + MONTH + "(-" + MONTH + ")?)" + STEP + "(,([*]|" + MONTH + "(-" + MONTH + ")?)"
            + STEP + ")*"
            + "[ \\t]+" + "([*]|" + DAY_OF_WEEK + "(-" + DAY_OF_WEEK + ")?)" + STEP + "(,([*]|" + DAY_OF_WEEK + "(-"
            + DAY_OF_WEEK + ")?)" + STEP + ")*"
            + "[ \\t]*$";

    static final String CRON_RULE = "self.matches('" + CRON + "')";
    static final String CRON_MESSAGE = "must be a five-field cron expression: minute (0-59) hour (0-23) day-of-month "
            + "(1-31) month (1-12 or JAN-DEC) day-of-week (0-7 or SUN-SAT, 0 and 7 are Sunday), each *, a value, a "
            + "range a-b, a list a,b or a step */n, e.g. \"0 19 * * 1-5\"; no seconds, no @daily, no ? L W #";

    @Required
    @JsonPropertyDescription("Label selector over Machines in this namespace, e.g. matchLabels: "
            + "{computemirror.io/provider: akua-main}. An empty selector selects every Machine of the namespace.")
    private LabelSelector selector;

    @Default("UTC")
    @Size(min = 1, max = 64)
    @JsonPropertyDescription("IANA time zone the windows are written in, e.g. Europe/Berlin (default UTC). Daylight "
            + "saving: an edge in the skipped hour takes effect at the jump; one in the repeated hour, once.")
    @ValidationRule(
            value = "self in " + TimeZoneNames.CEL_LIST,
            message =
                    "spec.timeZone must be an IANA time zone " + "name such as Europe/Berlin, America/New_York or UTC")
    private String timeZone;

    @Required
    @Size(min = 1, max = 16)
    @JsonPropertyDescription("When the selected machines are suspended: each window suspends at its suspend cron and "
            + "resumes at its resume cron. At any moment the latest edge across all windows decides; at the same "
            + "minute resume wins.")
    private List<Window> windows = new ArrayList<>();

    @Default("5")
    @Min(1)
    @Max(100)
    @JsonPropertyDescription("How many of the selected machines may change state (have an operation running) at once.")
    private Integer maxConcurrent;

    @JsonPropertyDescription("While true the schedule acts on nothing; its machines are left as they are.")
    private Boolean paused;

    public LabelSelector getSelector() {
        return selector;
    }

    public void setSelector(LabelSelector selector) {
        this.selector = selector;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public List<Window> getWindows() {
        return windows;
    }

    public void setWindows(List<Window> windows) {
        this.windows = windows;
    }

    public Integer getMaxConcurrent() {
        return maxConcurrent;
    }

    public void setMaxConcurrent(Integer maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
    }

    public Boolean getPaused() {
        return paused;
    }

    public void setPaused(Boolean paused) {
        this.paused = paused;
    }

    /** One window: suspend at one cron, resume at the other. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Window {
        @Required
        @Size(min = 1, max = 128)
        @JsonPropertyDescription("Five-field cron expression (minute hour day-of-month month day-of-week) at which the "
                + "machines are suspended, e.g. \"0 19 * * 1-5\".")
        @ValidationRule(value = CRON_RULE, message = "spec.windows[].suspend " + CRON_MESSAGE)
        private String suspend;

        @Required
        @Size(min = 1, max = 128)
        @JsonPropertyDescription("Five-field cron expression at which the machines are resumed, e.g. \"0 7 * * 1-5\".")
        @ValidationRule(value = CRON_RULE, message = "spec.windows[].resume " + CRON_MESSAGE)
        private String resume;

        public Window() {}

        public Window(String suspend, String resume) {
            this.suspend = suspend;
            this.resume = resume;
        }

        public String getSuspend() {
            return suspend;
        }

        public void setSuspend(String suspend) {
            this.suspend = suspend;
        }

        public String getResume() {
            return resume;
        }

        public void setResume(String resume) {
            this.resume = resume;
        }
    }
}
