package io.computemirror.kube;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one digest of the project: SHA-256 of a text as lower-case hex. Mirror names and idempotency keys are cut from
 * it, so a name or key derived from the same text is the same on every replica and after every restart.
 */
public final class Hashes {

    private Hashes() {}

    /** SHA-256 of the UTF-8 bytes of {@code text}, as 64 lower-case hex characters. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
