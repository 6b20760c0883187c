package io.computemirror.sync;

import java.math.BigDecimal;
import java.math.MathContext;

/** One listed price of an offer that changed between two polls, in its own currency. */
record PriceMove(String currency, BigDecimal before, BigDecimal after) {

    /** The change relative to the old price ({@code -0.25} for a quarter cheaper); 0 when the old price was 0. */
    BigDecimal relative() {
        return before.signum() == 0 ? BigDecimal.ZERO : after.subtract(before).divide(before, MathContext.DECIMAL64);
    }

    boolean cheaper() {
        return after.compareTo(before) < 0;
    }

    /** "0.30 → 0.25 USD" as the provider wrote the amounts. */
    String describe() {
        return before.toPlainString() + " → " + after.toPlainString() + " " + currency;
    }

    /** "0.30 → 0.25 USD (-16.7%)". */
    String describeWithPercent() {
        BigDecimal percent = relative().movePointRight(2).round(new MathContext(3));
        return describe() + " (" + (percent.signum() > 0 ? "+" : "")
                + percent.stripTrailingZeros().toPlainString() + "%)";
    }
}
