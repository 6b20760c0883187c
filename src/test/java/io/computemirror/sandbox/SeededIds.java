package io.computemirror.sandbox;

import java.util.Random;
import java.util.UUID;

/** Identifier generators driven by a seeded {@link Random}, so the same seed gives the same sample data. */
final class SeededIds {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String LOWER_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz";

    private SeededIds() {}

    /** Mixed-case letters and digits, like Quiva machine ids. */
    static String base62(Random random, int length) {
        return pick(random, BASE62, length);
    }

    /** Lower-case letters and digits, like the suffix of Akua ids ({@code mch_…}). */
    static String lowerAlnum(Random random, int length) {
        return pick(random, LOWER_ALNUM, length);
    }

    /** A version-4 UUID whose bits come from {@code random}. */
    static UUID uuid(Random random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    private static String pick(Random random, String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
