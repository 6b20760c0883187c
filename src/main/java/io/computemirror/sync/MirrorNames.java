package io.computemirror.sync;

import java.util.Locale;

import io.computemirror.kube.Hashes;

/**
 * Names of mirrored objects: {@code <ComputeProvider name>-<external id>}, deterministic and collision-free.
 * <p>
 * Kubernetes names are lower-case DNS subdomains, while provider ids may be mixed case
 * ({@code QVzJ6dGqpS6bsaY0qdZLtC}) or hold other characters ({@code mch_01}). When the id cannot be used as it is,
 * the name carries the id lower-cased with other characters replaced by {@code -}, plus the first 10 hex digits of
 * the SHA-256 of the exact id: {@code Ab} and {@code aB} become two different names. Ids that are already valid
 * keep readable names without a hash ({@code clore-de-4711}). The provider name prefix keeps two accounts that see
 * the same id (two Clore accounts with different filters) apart.
 */
public final class MirrorNames {

    /** Longest name we generate; DNS subdomains allow 253. */
    static final int MAX_LENGTH = 253;

    private static final int HASH_CHARS = 10;

    private MirrorNames() {}

    public static String name(String providerName, String externalId) {
        String cleaned = clean(externalId);
        String plain = providerName + "-" + cleaned;
        if (cleaned.equals(externalId) && !cleaned.isEmpty() && plain.length() <= MAX_LENGTH) {
            return plain;
        }
        String suffix = "-" + hash(externalId);
        int room = MAX_LENGTH - providerName.length() - 1 - suffix.length();
        String part = cleaned.length() > room ? trimDashes(cleaned.substring(0, Math.max(room, 0))) : cleaned;
        return part.isEmpty() ? providerName + suffix : providerName + "-" + part + suffix;
    }

    private static String clean(String id) {
        StringBuilder out = new StringBuilder(id.length());
        for (char c : id.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (ok || (out.length() > 0 && out.charAt(out.length() - 1) != '-')) {
                out.append(ok ? c : '-');
            }
        }
        return trimDashes(out.toString());
    }

    private static String trimDashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(start, end);
    }

    private static String hash(String id) {
        return Hashes.sha256Hex(id).substring(0, HASH_CHARS);
    }
}
