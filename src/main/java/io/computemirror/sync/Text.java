package io.computemirror.sync;

/** Provider text is clipped to the sizes the CRD schema allows, so one odd value never fails a whole write. */
final class Text {

    private Text() {
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
