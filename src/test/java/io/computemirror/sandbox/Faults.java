package io.computemirror.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Fault injection for one simulator: each call queues a rule that hits the next {@code count} matching requests.
 * Rules fire in the order they were added; one request consumes at most one request-level fault (5xx, 429, 403,
 * hang) and at most one body-level fault (malformed JSON, short page, cut page, empty list).
 * Use {@link #onPathsContaining(String)} to aim rules at some paths only, e.g. {@code ":wait"}.
 */
public final class Faults {

    /** What a rule does to a request. */
    public enum Kind {
        /** Answer with a 5xx status and the provider's error body. */
        SERVER_ERROR,
        /** Answer 429 with a {@code Retry-After} header. */
        RATE_LIMIT,
        /** Answer 403 with the provider's error body. */
        FORBIDDEN,
        /** Hold the request for a while (or until the simulator closes), then answer normally. */
        HANG,
        /** Answer with a body that is not valid JSON. */
        MALFORMED_JSON,
        /** Answer a list page with fewer items than asked for while the paging fields still claim more. */
        SHORT_PAGE,
        /** Answer a list page whose JSON text stops in the middle of the list. */
        CUT_PAGE,
        /** Answer a list request with an empty list and a total of zero. */
        EMPTY_LIST
    }

    private static final Set<Kind> REQUEST_KINDS = Set.of(Kind.SERVER_ERROR, Kind.RATE_LIMIT, Kind.FORBIDDEN,
            Kind.HANG);
    private static final Set<Kind> SHAPE_KINDS = Set.of(Kind.SHORT_PAGE, Kind.EMPTY_LIST);

    /** One queued fault; {@code duration} is the hang time or the Retry-After delay, null hangs until close. */
    public record Rule(Kind kind, String pathContains, int status, Duration duration, boolean httpDate) {
    }

    private static final class Slot {
        final Rule rule;
        int remaining;

        Slot(Rule rule, int remaining) {
            this.rule = rule;
            this.remaining = remaining;
        }
    }

    private final List<Slot> slots;
    private final Object lock;
    private final String pathContains;

    /** An empty fault queue. */
    public Faults() {
        this(new ArrayList<>(), new Object(), null);
    }

    private Faults(List<Slot> slots, Object lock, String pathContains) {
        this.slots = slots;
        this.lock = lock;
        this.pathContains = pathContains;
    }

    /** A view of the same queue whose new rules only hit requests whose decoded path contains {@code fragment}. */
    public Faults onPathsContaining(String fragment) {
        return new Faults(slots, lock, fragment);
    }

    /** The next {@code count} requests answer 500. */
    public Faults serverErrors(int count) {
        return serverErrors(count, 500);
    }

    /** The next {@code count} requests answer {@code status} (e.g. 502, 503). */
    public Faults serverErrors(int count, int status) {
        return add(new Rule(Kind.SERVER_ERROR, pathContains, status, null, false), count);
    }

    /** The next {@code count} requests answer 429 with {@code Retry-After} in whole seconds. */
    public Faults rateLimited(int count, Duration retryAfter) {
        return add(new Rule(Kind.RATE_LIMIT, pathContains, 429, retryAfter, false), count);
    }

    /** The next {@code count} requests answer 429 with {@code Retry-After} as an HTTP-date that far ahead. */
    public Faults rateLimitedHttpDate(int count, Duration retryAfter) {
        return add(new Rule(Kind.RATE_LIMIT, pathContains, 429, retryAfter, true), count);
    }

    /** The next {@code count} requests answer 403 ({@code Integer.MAX_VALUE} for "always"). */
    public Faults forbidden(int count) {
        return add(new Rule(Kind.FORBIDDEN, pathContains, 403, null, false), count);
    }

    /** The next {@code count} requests are held for {@code duration}, then answered normally. */
    public Faults hang(int count, Duration duration) {
        return add(new Rule(Kind.HANG, pathContains, 0, duration, false), count);
    }

    /** The next {@code count} requests are held until the simulator closes (then the connection is dropped). */
    public Faults hangUntilClose(int count) {
        return add(new Rule(Kind.HANG, pathContains, 0, null, false), count);
    }

    /** The next {@code count} successful JSON responses carry a body that is not valid JSON. */
    public Faults malformedJson(int count) {
        return add(new Rule(Kind.MALFORMED_JSON, pathContains, 0, null, false), count);
    }

    /**
     * The next {@code count} list pages hold only half of their items. Page-number lists (Clore) keep their
     * {@code total}, so the missing items are skipped; cursor lists (Akua) keep {@code has_more=true} with a cursor
     * after the last item served, so a client that follows {@code has_more} loses nothing; Quiva keeps
     * {@code results_total}.
     */
    public Faults shortPage(int count) {
        return add(new Rule(Kind.SHORT_PAGE, pathContains, 0, null, false), count);
    }

    /** The next {@code count} list pages stop in the middle of the JSON list (Content-Length matches the cut). */
    public Faults cutPage(int count) {
        return add(new Rule(Kind.CUT_PAGE, pathContains, 0, null, false), count);
    }

    /** The next {@code count} list responses hold no items and claim a total of zero. */
    public Faults emptyList(int count) {
        return add(new Rule(Kind.EMPTY_LIST, pathContains, 0, null, false), count);
    }

    /** Drops every queued rule. */
    public void clear() {
        synchronized (lock) {
            slots.clear();
        }
    }

    /** How many fault hits are still queued (all rules, all paths). */
    public long pending() {
        synchronized (lock) {
            return slots.stream().mapToLong(s -> s.remaining).sum();
        }
    }

    /** Consumes the first queued request-level fault that matches {@code path}. */
    Optional<Rule> takeRequestFault(String path) {
        return take(path, REQUEST_KINDS);
    }

    /** Consumes the first queued list-shape fault (short page, empty list) that matches {@code path}. */
    public Optional<Kind> takeListShapeFault(String path) {
        return take(path, SHAPE_KINDS).map(Rule::kind);
    }

    /** Consumes the first body fault (malformed JSON, or cut page for list bodies) that matches {@code path}. */
    Optional<Kind> takeBodyFault(String path, boolean listResponse) {
        Set<Kind> kinds = listResponse ? Set.of(Kind.MALFORMED_JSON, Kind.CUT_PAGE) : Set.of(Kind.MALFORMED_JSON);
        return take(path, kinds).map(Rule::kind);
    }

    private Optional<Rule> take(String path, Set<Kind> kinds) {
        synchronized (lock) {
            Iterator<Slot> it = slots.iterator();
            while (it.hasNext()) {
                Slot slot = it.next();
                Rule rule = slot.rule;
                if (!kinds.contains(rule.kind())
                        || (rule.pathContains() != null && !path.contains(rule.pathContains()))) {
                    continue;
                }
                slot.remaining--;
                if (slot.remaining <= 0) {
                    it.remove();
                }
                return Optional.of(rule);
            }
            return Optional.empty();
        }
    }

    private Faults add(Rule rule, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("fault count must be at least 1, was " + count);
        }
        synchronized (lock) {
            slots.add(new Slot(rule, count));
        }
        return this;
    }
}
