package io.computemirror.provider;

/**
 * Optional query filters of Quiva {@code GET /compute/machines}; null fields are not sent.
 *
 * @param status one of {@code running}, {@code paused}, {@code stopped}, {@code *}
 */
public record QuivaFilter(String namespace, String runtime, String service, String status) {

    /** No filter: every machine of the account. */
    public static QuivaFilter none() {
        return new QuivaFilter(null, null, null, null);
    }
}
