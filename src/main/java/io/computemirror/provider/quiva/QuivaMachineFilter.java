package io.computemirror.provider.quiva;

/**
 * Query filters of Quiva's machine list ({@code GET /compute/machines}); null or blank fields are not sent.
 *
 * @param status {@code running}, {@code paused}, {@code stopped} or {@code *}
 */
public record QuivaMachineFilter(String namespace, String runtime, String service, String status) {

    /** No filter: every machine of the account. */
    public static QuivaMachineFilter none() {
        return new QuivaMachineFilter(null, null, null, null);
    }
}
