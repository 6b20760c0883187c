package io.computemirror.provider;

/** Sizes of response bodies for the bytes-read metric. */
final class Utf8 {

    private Utf8() {}

    /** The body's size in bytes as UTF-8, counted without copying it (listings can be megabytes). */
    static long length(String body) {
        if (body == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < body.length()
                    && Character.isLowSurrogate(body.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
