package io.computemirror.schedule;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How many of a schedule's machines may have an operation running at once ({@code spec.maxConcurrent}). A machine
 * is in flight from the moment it is let through until its operation ends; operations recorded in Machine status
 * (e.g. found after a restart) count too, so a restarted operator never exceeds the limit either.
 */
final class ConcurrencyGate {

    /** Bounds the memory of finished operations whose status the cache may still show for a moment. */
    private static final int MAX_REMEMBERED = 10_000;

    /** Schedule uid → machine uids let through and not finished. */
    private final Map<String, Set<String>> entered = new LinkedHashMap<>();
    /** Machine uid → the operation id that just ended (the informer cache may not show that yet). */
    private final Map<String, String> ended = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    /** Machine uids refused for lack of a slot, to be woken when one frees. */
    private final Set<String> waiting = new HashSet<>();

    /** An operation the cache shows on one of the schedule's machines. */
    record Recorded(String machineUid, String operationId) {}

    /**
     * @param recorded operations the informer cache shows on this schedule's machines
     * @return whether {@code machineUid} may start (or keep) an operation now
     */
    synchronized boolean enter(
            String scheduleUid, int maxConcurrent, String machineUid, Collection<Recorded> recorded) {
        Set<String> mine = entered.computeIfAbsent(scheduleUid, k -> new HashSet<>());
        Set<String> inFlight = new HashSet<>(mine);
        for (Recorded r : recorded) {
            if (r.operationId().equals(ended.get(r.machineUid()))) {
                continue;
            }
            inFlight.add(r.machineUid());
        }
        if (inFlight.contains(machineUid) || inFlight.size() < maxConcurrent) {
            mine.add(machineUid);
            waiting.remove(machineUid);
            return true;
        }
        waiting.add(machineUid);
        return false;
    }

    /**
     * The machine's operation ended (or none was started): its slot is free.
     *
     * @param operationId the operation that ended, or null when none started
     * @return the machines that waited for a slot (they should look again now)
     */
    synchronized Set<String> leave(String machineUid, String operationId) {
        entered.values().forEach(s -> s.remove(machineUid));
        entered.values().removeIf(Set::isEmpty);
        if (operationId != null) {
            ended.put(machineUid, operationId);
        }
        Set<String> wake = Set.copyOf(waiting);
        waiting.clear();
        return wake;
    }
}
