package io.computemirror.provider;

import java.util.List;

/**
 * Everything a provider listed, and whether the listing can be shown to be complete. Paged listings of a live
 * marketplace move while they are read, and providers' paging fields sometimes disagree with what they send; a
 * listing that does not add up still carries every object it saw (they are up to date), but only a complete one may
 * decide that an object is gone.
 *
 * @param items distinct objects seen, in listing order (first occurrence of an id wins)
 * @param incomplete why the listing cannot be shown complete, or null when it is complete
 * @param expected how many objects the provider said it had (Clore {@code total}, Quiva {@code results_total}), or
 *        null when it does not say
 */
public record Listing<T>(List<T> items, Incomplete incomplete, Integer expected) {

    /** Why a listing is not known to be complete. */
    public enum Reason {
        /** A page was shorter than its page size while the total promised more. */
        ShortPage,
        /** The total changed between pages: objects came or went while the pages were read, so pages shifted. */
        TotalChanged,
        /** The same id was listed twice: the listing moved between pages. */
        DuplicateId,
        /** The provider's count disagrees with the objects it sent. */
        CountMismatch,
        /** A cursor came back that had been followed before. */
        CursorRepeated,
        /** {@code has_more} was true without a cursor to follow. */
        MissingCursor,
        /** The server answered another page than the one asked for. */
        PageMismatch,
        /**
         * The listing has no pages and no total, and as many objects came back as were asked for (or as the server
         * returns by default): more may exist beyond the limit.
         */
        LimitReached
    }

    /** @param message what did not add up, with the numbers; never provider secrets */
    public record Incomplete(Reason reason, String message) {}

    public Listing {
        items = List.copyOf(items);
    }

    public static <T> Listing<T> complete(List<T> items, Integer expected) {
        return new Listing<>(items, null, expected);
    }

    public boolean isComplete() {
        return incomplete == null;
    }
}
