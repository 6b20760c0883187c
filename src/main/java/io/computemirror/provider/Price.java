package io.computemirror.provider;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One price a Clore rig owner set; {@code amount} is exact (parsed from the API's string, never via double).
 *
 * @param id price id to send as {@code machine_price_id} when renting
 */
public record Price(String id, BigDecimal amount, String currency) {

    public Price {
        Objects.requireNonNull(amount, "amount");
    }
}
