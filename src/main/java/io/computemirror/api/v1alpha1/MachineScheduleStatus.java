package io.computemirror.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.fabric8.generator.annotation.Size;

/** What a schedule says now and next, and how far its machines follow it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MachineScheduleStatus extends ObservedStatus {

    /** At most this many machines are listed in {@code problems}; the rest are counted in {@code moreProblems}. */
    public static final int MAX_PROBLEMS = 20;

    @JsonPropertyDescription("The next edge that changes the scheduled state, in the schedule's time zone.")
    private Transition nextTransition;

    @JsonPropertyDescription("The edge whose state holds now (the latest at or before now).")
    private Transition lastTransition;

    @JsonPropertyDescription("Machines the selector matches in this namespace.")
    private Integer matchedMachines;

    @JsonPropertyDescription("Machines this schedule governs that are in the scheduled state.")
    private Integer machinesInDesiredState;

    @Size(max = MAX_PROBLEMS)
    @JsonPropertyDescription("Matched machines that do not follow this schedule, and why (first " + MAX_PROBLEMS + ").")
    private List<Problem> problems;

    @JsonPropertyDescription("How many more machines have problems than are listed.")
    private Integer moreProblems;

    public Transition getNextTransition() {
        return nextTransition;
    }

    public void setNextTransition(Transition nextTransition) {
        this.nextTransition = nextTransition;
    }

    public Transition getLastTransition() {
        return lastTransition;
    }

    public void setLastTransition(Transition lastTransition) {
        this.lastTransition = lastTransition;
    }

    public Integer getMatchedMachines() {
        return matchedMachines;
    }

    public void setMatchedMachines(Integer matchedMachines) {
        this.matchedMachines = matchedMachines;
    }

    public Integer getMachinesInDesiredState() {
        return machinesInDesiredState;
    }

    public void setMachinesInDesiredState(Integer machinesInDesiredState) {
        this.machinesInDesiredState = machinesInDesiredState;
    }

    public List<Problem> getProblems() {
        return problems;
    }

    public void setProblems(List<Problem> problems) {
        this.problems = problems;
    }

    public Integer getMoreProblems() {
        return moreProblems;
    }

    public void setMoreProblems(Integer moreProblems) {
        this.moreProblems = moreProblems;
    }

    /** An edge of the schedule: when (RFC 3339, with the zone's offset) and which action. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Transition {
        @Size(max = 64)
        private String time;

        private Action action;

        public Transition() {}

        public Transition(String time, Action action) {
            this.time = time;
            this.action = action;
        }

        public String getTime() {
            return time;
        }

        public void setTime(String time) {
            this.time = time;
        }

        public Action getAction() {
            return action;
        }

        public void setAction(Action action) {
            this.action = action;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Transition t && java.util.Objects.equals(time, t.time) && action == t.action;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(time, action);
        }
    }

    /** One matched machine that does not follow the schedule. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Problem {
        /** Why a matched machine does not follow the schedule. */
        public enum Reason {
            /** Its own spec.suspended decides. */
            OverriddenBySpec,
            /** The annotation computemirror.io/schedule-skip-until exempts it. */
            Skipped,
            /** An older schedule selects it too and governs it. */
            Conflict,
            /** Its provider cannot suspend (Quiva). */
            NotSuspendable,
            /** The operation for the current edge failed or was refused. */
            OperationFailed
        }

        @Size(max = 253)
        private String machine;

        private Reason reason;

        @Size(max = ApiConstants.MAX_MESSAGE)
        private String message;

        public Problem() {}

        public Problem(String machine, Reason reason, String message) {
            this.machine = machine;
            this.reason = reason;
            this.message = message;
        }

        public String getMachine() {
            return machine;
        }

        public void setMachine(String machine) {
            this.machine = machine;
        }

        public Reason getReason() {
            return reason;
        }

        public void setReason(Reason reason) {
            this.reason = reason;
        }

        public String getMessage() {
            return message;
        }

        public void setMessage(String message) {
            this.message = message;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Problem p
                    && java.util.Objects.equals(machine, p.machine)
                    && reason == p.reason
                    && java.util.Objects.equals(message, p.message);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(machine, reason, message);
        }
    }
}
