package io.computemirror.sandbox;

import java.util.List;

/** The list faults that every simulator applies the same way to one page. */
final class PageFaults {

    private PageFaults() {}

    /** Whether {@code fault} (null: none) is of {@code kind}. */
    static boolean is(Faults.Rule fault, Faults.Kind kind) {
        return fault != null && fault.kind() == kind;
    }

    /** The items a page shows: none for an empty list, the first half for a short page, else all. */
    static <T> List<T> items(Faults.Rule fault, List<T> items) {
        if (is(fault, Faults.Kind.EMPTY_LIST)) {
            return List.of();
        }
        return is(fault, Faults.Kind.SHORT_PAGE) ? items.subList(0, items.size() / 2) : items;
    }

    /** The total a page claims: 0 for an empty list, off by the rule's delta for a wrong total, else the real one. */
    static int total(Faults.Rule fault, int total) {
        if (is(fault, Faults.Kind.EMPTY_LIST)) {
            return 0;
        }
        return is(fault, Faults.Kind.WRONG_TOTAL) ? total + fault.delta() : total;
    }
}
