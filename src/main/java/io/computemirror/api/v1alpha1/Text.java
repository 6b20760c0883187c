package io.computemirror.api.v1alpha1;

/**
 * The one truncation rule of the project: text that goes into an object, an Event, a condition or an error message is
 * clipped to the size the schema (or the reader) allows, ending in {@code …}, so one odd value never fails a whole
 * write. Lives next to {@link ApiConstants}, whose limits it is mostly called with.
 */
public final class Text {

    private Text() {}

    /** {@code text} if it fits in {@code max} characters, else its first {@code max - 1} characters and {@code …}. */
    public static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
