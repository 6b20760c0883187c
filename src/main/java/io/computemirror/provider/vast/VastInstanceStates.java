package io.computemirror.provider.vast;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import io.computemirror.provider.MachineState;

/**
 * Where a Vast instance is, from {@code intended_status} (what its renter asked for) and {@code actual_status} (what
 * the container does), and why it cannot get where it is going when Vast shows that.
 * <p>
 * Vast documents neither how a restart waiting for GPUs nor how an unrequested stop shows in these fields. Both
 * readings are handled: an unrequested stop may leave {@code intended_status} at {@code running} (then the contract
 * end, a used-up credit or an outbid message explains it) or set it to {@code stopped} (then it reads like any stop);
 * a restart whose GPUs are taken is recognised from {@code status_msg}.
 */
final class VastInstanceStates {

    /** The neutral state and, when the instance cannot reach its intended state now, why. */
    record Reading(MachineState state, String waitingReason) {}

    /** Wordings of "the GPUs this instance had are rented by someone else" (the console calls it Scheduling). */
    private static final Pattern GPUS_TAKEN = Pattern.compile(
            "(gpus?\\b.*\\b(taken|unavailable|not available|occupied|in use|rented|busy))"
                    + "|(no (free|available) gpus?)|(waiting for gpus?)|(scheduling)",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern OUTBID =
            Pattern.compile("outbid|out-bid|bid (was )?(too low|exceeded)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ERROR = Pattern.compile("error|failed|fatal|exited with", Pattern.CASE_INSENSITIVE);

    private VastInstanceStates() {}

    /** Whether the renter's level is "stopped" (true), "running" (false) or something else ({@code frozen}: null). */
    static Boolean intendedSuspended(String intended) {
        return switch (lower(intended)) {
            case "stopped" -> Boolean.TRUE;
            case "running" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * @param statusMessage {@code status_msg}
     * @param contractEnd {@code end_date}, or null
     * @param creditBalance {@code credit_balance}, or null
     */
    static Reading read(
            String intended,
            String actual,
            String statusMessage,
            Instant contractEnd,
            BigDecimal creditBalance,
            Instant now) {
        String want = lower(intended);
        String is = lower(actual);
        String msg = statusMessage == null ? "" : statusMessage;
        switch (is) {
            case "unknown":
                return new Reading(MachineState.UNKNOWN, "the host has not reported recently (actual_status unknown)");
            case "offline":
                return new Reading(MachineState.UNKNOWN, "the host is offline; nothing changes until it returns");
            case "frozen":
                return new Reading(MachineState.PAUSED, null);
            default:
                break;
        }
        if (want.equals("stopped")) {
            return switch (is) {
                case "stopped", "exited" -> new Reading(MachineState.SUSPENDED, null);
                default -> new Reading(MachineState.SUSPENDING, null);
            };
        }
        if (want.equals("frozen")) {
            return new Reading(is.equals("running") ? MachineState.RUNNING : MachineState.UNKNOWN, null);
        }
        if (!want.equals("running") && !want.isEmpty()) {
            return new Reading(MachineState.UNKNOWN, null);
        }
        return switch (is) {
            case "running" -> new Reading(MachineState.RUNNING, null);
            case "", "created", "loading" -> new Reading(MachineState.PROVISIONING, null);
            case "rebooting" -> new Reading(MachineState.RESUMING, null);
            case "stopped", "exited" -> notRunning(is, msg, contractEnd, creditBalance, now);
            default -> new Reading(MachineState.UNKNOWN, null);
        };
    }

    /** Intended running, container stopped: a restart on its way, waiting for GPUs, or a stop nobody asked for. */
    private static Reading notRunning(
            String actual, String msg, Instant contractEnd, BigDecimal creditBalance, Instant now) {
        if (contractEnd != null && !contractEnd.isAfter(now)) {
            return new Reading(
                    MachineState.STOPPED,
                    "the contract ended at " + contractEnd + "; Vast does not start an instance after its end date");
        }
        if (creditBalance != null && creditBalance.signum() <= 0) {
            return new Reading(
                    MachineState.STOPPED,
                    "the account's credit is used up; Vast stops every instance until it is topped up");
        }
        if (OUTBID.matcher(msg).find()) {
            return new Reading(MachineState.STOPPED, "outbid: another renter bid more for these GPUs (" + msg + ")");
        }
        if (GPUS_TAKEN.matcher(msg).find()) {
            return new Reading(
                    MachineState.RESUMING,
                    "waiting for GPUs: the GPUs this instance used are rented by someone else (" + msg + ")");
        }
        if (actual.equals("exited") && ERROR.matcher(msg).find()) {
            return new Reading(MachineState.STOPPED, "the container exited: " + msg);
        }
        return new Reading(MachineState.RESUMING, null);
    }

    private static String lower(String s) {
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    }
}
