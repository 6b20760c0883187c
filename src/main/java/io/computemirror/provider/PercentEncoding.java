package io.computemirror.provider;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The one percent-encoder of the provider layer (RFC 3986: unreserved characters stay as they are). */
public final class PercentEncoding {

    private PercentEncoding() {}

    /** One path segment, e.g. a machine id; never empty. */
    public static String pathSegment(String value) {
        Objects.requireNonNull(value, "path segment");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty path segment");
        }
        return encode(value, "");
    }

    /** A query value (spaces as {@code %20}); {@code keep} lists further ASCII characters left literal. */
    public static String queryValue(String value, String keep) {
        return encode(value, keep);
    }

    private static String encode(String value, String keep) {
        StringBuilder b = new StringBuilder();
        for (byte by : value.getBytes(StandardCharsets.UTF_8)) {
            int c = by & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || (c < 128 && keep.indexOf(c) >= 0)) {
                b.append((char) c);
            } else {
                b.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
