package io.computemirror.market.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One exchange rate: {@code 1 from = rate to}, observed at {@code time}.
 *
 * @param source where it came from, for status messages (e.g. {@code ConfigMap team-a/rates key BTC-USD})
 */
public record ExchangeRate(String from, String to, BigDecimal rate, Instant time, String source) {

    public ExchangeRate {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(time, "time");
    }

    /** The pair as written in ConfigMap keys, e.g. BTC-USD. */
    public String pair() {
        return pair(from, to);
    }

    static String pair(String from, String to) {
        return from + "-" + to;
    }
}
