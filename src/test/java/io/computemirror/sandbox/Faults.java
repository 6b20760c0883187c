package io.computemirror.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fault plan of one simulator: each call queues a rule that hits the next {@code count} matching requests, so a
 * test stays deterministic; rules can be added from Java or at run time with {@code POST /_sandbox/faults}
 * ({@link FaultSpec}). Rules fire in the order they were added. One request consumes at most one request fault
 * (5xx, 429, 403, hang/delay), one list fault (page shape, cursor, total) and one body fault (malformed, cut); an
 * Akua operation created consumes at most one outcome fault. Use {@link #onPathsContaining(String)} to aim rules at
 * some paths only, e.g. {@code ":wait"}. Each simulator supports the request and body faults plus its own list and
 * operation faults; queuing one it does not support fails at once.
 */
public final class Faults {

    /** What a rule does. */
    public enum Kind {
        /** Answer with a 5xx status and the provider's error body. */
        SERVER_ERROR(Scope.REQUEST),
        /** Answer 429 with a {@code Retry-After} header (seconds, or an HTTP-date). */
        RATE_LIMIT(Scope.REQUEST),
        /** Vast: answer 429 with a plain-text body and no {@code Retry-After} (nor any rate-limit header). */
        RATE_LIMIT_PLAIN(Scope.REQUEST),
        /** Answer 403 with the provider's error body. */
        FORBIDDEN(Scope.REQUEST),
        /** Hold the request for a while (a per-request delay), then answer normally; or until the simulator closes. */
        HANG(Scope.REQUEST),
        /** Answer with a body that is not valid JSON. */
        MALFORMED_JSON(Scope.BODY),
        /** Answer a list page whose JSON text stops in the middle (Content-Length matches the cut). */
        CUT_PAGE(Scope.BODY),
        /** A list page with half of its items while the paging fields still claim more (all three). */
        SHORT_PAGE(Scope.LIST),
        /** A list response with no items and a total of zero (all three). */
        EMPTY_LIST(Scope.LIST),
        /** A list page that lists one id a second time (all three; see each simulator for where). */
        DUPLICATE_ID(Scope.LIST),
        /** Clore: after the page is served its first offer leaves the market, so later pages move up by one. */
        SHIFT_LISTING(Scope.LIST),
        /** Clore {@code total} or Quiva {@code results_total} off by {@code delta} from the real count. */
        WRONG_TOTAL(Scope.LIST),
        /**
         * Akua: {@code next_cursor} is the cursor the request came with, so the same page comes again; Vast: the same
         * with {@code next_token} (on the first page, a token that leads to the first page again).
         */
        REPEATED_CURSOR(Scope.LIST),
        /** Akua: {@code has_more: true} with {@code next_cursor: null}. */
        HAS_MORE_WITHOUT_CURSOR(Scope.LIST),
        /** Akua: the next operation created ends FAILED with {@code message}. */
        OPERATION_FAILED(Scope.OPERATION),
        /** Akua: the next operation created ends CANCELLED with {@code message}. */
        OPERATION_CANCELLED(Scope.OPERATION);

        private final Scope scope;

        Kind(Scope scope) {
            this.scope = scope;
        }

        Scope scope() {
            return scope;
        }
    }

    /** Where a kind is applied, which decides which requests can consume it. */
    enum Scope {
        REQUEST,
        BODY,
        LIST,
        OPERATION
    }

    /**
     * One fault. {@code duration} is the hang time or the Retry-After delay (null hangs until close);
     * {@code delta} is what {@link Kind#WRONG_TOTAL} adds; {@code message} is an operation's error message.
     */
    public record Rule(
            Kind kind,
            String pathContains,
            int status,
            Duration duration,
            boolean httpDate,
            int delta,
            String message) {

        /** A rule with only a kind and a path filter. */
        static Rule of(Kind kind, String pathContains) {
            return new Rule(kind, pathContains, 0, null, false, 0, null);
        }
    }

    /** A queued rule and how many hits it has left. */
    public record Pending(Rule rule, int remaining) {}

    private static final class Slot {
        final Rule rule;
        int remaining;

        Slot(Rule rule, int remaining) {
            this.rule = rule;
            this.remaining = remaining;
        }
    }

    private static final Set<Kind> ALWAYS = EnumSet.of(
            Kind.SERVER_ERROR, Kind.RATE_LIMIT, Kind.FORBIDDEN, Kind.HANG, Kind.MALFORMED_JSON, Kind.CUT_PAGE);

    private final String owner;
    private final Set<Kind> supported;
    private final List<Slot> slots;
    private final Object lock;
    private final String pathContains;

    /** An empty plan for simulator {@code owner}, which applies the request and body faults plus {@code own}. */
    Faults(String owner, Set<Kind> own) {
        this(owner, union(own), new ArrayList<>(), new Object(), null);
    }

    private Faults(String owner, Set<Kind> supported, List<Slot> slots, Object lock, String pathContains) {
        this.owner = owner;
        this.supported = supported;
        this.slots = slots;
        this.lock = lock;
        this.pathContains = pathContains;
    }

    private static Set<Kind> union(Set<Kind> own) {
        Set<Kind> all = EnumSet.copyOf(ALWAYS);
        all.addAll(own);
        return all;
    }

    /** A view of the same plan whose new rules only hit requests whose decoded path contains {@code fragment}. */
    public Faults onPathsContaining(String fragment) {
        return new Faults(owner, supported, slots, lock, fragment);
    }

    /** The next {@code count} requests answer 500. */
    public Faults serverErrors(int count) {
        return serverErrors(count, 500);
    }

    /** The next {@code count} requests answer {@code status} (e.g. 502, 503). */
    public Faults serverErrors(int count, int status) {
        return add(new Rule(Kind.SERVER_ERROR, pathContains, status, null, false, 0, null), count);
    }

    /** The next {@code count} requests answer 429 with {@code Retry-After} in whole seconds. */
    public Faults rateLimited(int count, Duration retryAfter) {
        return add(new Rule(Kind.RATE_LIMIT, pathContains, 429, retryAfter, false, 0, null), count);
    }

    /** The next {@code count} requests answer 429 with {@code Retry-After} as an HTTP-date that far ahead. */
    public Faults rateLimitedHttpDate(int count, Duration retryAfter) {
        return add(new Rule(Kind.RATE_LIMIT, pathContains, 429, retryAfter, true, 0, null), count);
    }

    /** Vast: the next {@code count} requests answer 429 in plain text, without {@code Retry-After}. */
    public Faults rateLimitedWithoutRetryAfter(int count) {
        return add(new Rule(Kind.RATE_LIMIT_PLAIN, pathContains, 429, null, false, 0, null), count);
    }

    /** The next {@code count} requests answer 403 ({@code Integer.MAX_VALUE} for "always"). */
    public Faults forbidden(int count) {
        return add(Rule.of(Kind.FORBIDDEN, pathContains), count);
    }

    /** The next {@code count} requests are held for {@code duration}, then answered normally. */
    public Faults hang(int count, Duration duration) {
        return add(new Rule(Kind.HANG, pathContains, 0, duration, false, 0, null), count);
    }

    /** A per-request delay: the same as {@link #hang(int, Duration)}. */
    public Faults delay(int count, Duration duration) {
        return hang(count, duration);
    }

    /** The next {@code count} requests are held until the simulator closes (then the connection is dropped). */
    public Faults hangUntilClose(int count) {
        return add(Rule.of(Kind.HANG, pathContains), count);
    }

    /** The next {@code count} successful JSON responses carry a body that is not valid JSON. */
    public Faults malformedJson(int count) {
        return add(Rule.of(Kind.MALFORMED_JSON, pathContains), count);
    }

    /**
     * The next {@code count} list pages hold only half of their items. Page-number lists (Clore) keep their
     * {@code total}, so the missing items are skipped; cursor lists (Akua) keep {@code has_more=true} with a cursor
     * after the last item served, so a client that follows {@code has_more} loses nothing; Quiva keeps
     * {@code results_total}.
     */
    public Faults shortPage(int count) {
        return add(Rule.of(Kind.SHORT_PAGE, pathContains), count);
    }

    /** The next {@code count} list pages stop in the middle of the JSON text. */
    public Faults cutPage(int count) {
        return add(Rule.of(Kind.CUT_PAGE, pathContains), count);
    }

    /** The next {@code count} list responses hold no items and claim a total of zero. */
    public Faults emptyList(int count) {
        return add(Rule.of(Kind.EMPTY_LIST, pathContains), count);
    }

    /**
     * The next {@code count} list pages get the list fault {@code kind} (any {@link Kind} applied to list pages, e.g.
     * {@link Kind#DUPLICATE_ID}, {@link Kind#SHIFT_LISTING}, {@link Kind#REPEATED_CURSOR}).
     */
    public Faults listFault(Kind kind, int count) {
        if (kind.scope() != Scope.LIST) {
            throw new IllegalArgumentException(kind + " is not a list fault");
        }
        return add(Rule.of(kind, pathContains), count);
    }

    /** The next {@code count} list responses claim a total {@code delta} away from the real one. */
    public Faults wrongTotal(int count, int delta) {
        return add(new Rule(Kind.WRONG_TOTAL, pathContains, 0, null, false, delta, null), count);
    }

    /** Akua: the next {@code count} operations created end FAILED with {@code message}. */
    public Faults failOperations(int count, String message) {
        return add(new Rule(Kind.OPERATION_FAILED, null, 0, null, false, 0, message), count);
    }

    /** Akua: the next {@code count} operations created end CANCELLED with {@code message}. */
    public Faults cancelOperations(int count, String message) {
        return add(new Rule(Kind.OPERATION_CANCELLED, null, 0, null, false, 0, message), count);
    }

    /** Queues {@code rule} for the next {@code count} hits; fails if this simulator cannot apply it. */
    public Faults add(Rule rule, int count) {
        check(rule, count);
        synchronized (lock) {
            slots.add(new Slot(rule, count));
        }
        return this;
    }

    /** Fails (IllegalArgumentException) unless {@code rule} could be queued {@code count} times here. */
    void check(Rule rule, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("fault count must be at least 1, was " + count);
        }
        if (!supported.contains(rule.kind())) {
            throw new IllegalArgumentException(
                    "the " + owner + " simulator has no fault " + rule.kind() + "; it supports " + supported);
        }
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

    /** The queued rules in firing order. */
    public List<Pending> pendingRules() {
        synchronized (lock) {
            return slots.stream().map(s -> new Pending(s.rule, s.remaining)).toList();
        }
    }

    /** Consumes the first queued request fault that matches {@code path}. */
    Optional<Rule> takeRequestFault(String path) {
        return take(path, Scope.REQUEST, null);
    }

    /** Consumes the first queued list fault (page shape, cursor, total) that matches {@code path}. */
    Optional<Rule> takeListFault(String path) {
        return take(path, Scope.LIST, null);
    }

    /** Consumes the first body fault that matches {@code path}; a cut page only hits list bodies. */
    Optional<Kind> takeBodyFault(String path, boolean listResponse) {
        return take(path, Scope.BODY, listResponse ? null : Kind.CUT_PAGE).map(Rule::kind);
    }

    /** Consumes the first queued operation outcome. */
    Optional<Rule> takeOperationOutcome() {
        return take("", Scope.OPERATION, null);
    }

    private Optional<Rule> take(String path, Scope scope, Kind excluded) {
        synchronized (lock) {
            Iterator<Slot> it = slots.iterator();
            while (it.hasNext()) {
                Slot slot = it.next();
                Rule rule = slot.rule;
                if (rule.kind().scope() != scope
                        || rule.kind() == excluded
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
}
