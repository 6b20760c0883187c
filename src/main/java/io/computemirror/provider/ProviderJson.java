package io.computemirror.provider;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The lenient JSON reader shared by all provider clients, plus parsers for the providers' loose value formats. */
public final class ProviderJson {

    /**
     * Ignores unknown fields and accepts trailing commas (the Hiveon documentation sample has them); floats are read
     * as BigDecimal so nothing passes through double.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    /** Values above this are milliseconds, not seconds (10^11 s is the year 5138). */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private static final Pattern MEMORY =
            Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([KMGT]?i?B?)\\s*", Pattern.CASE_INSENSITIVE);

    private ProviderJson() {}

    /** Unix seconds to Instant; 13-digit values are taken as milliseconds; null stays null. */
    public static Instant epoch(Long value) {
        if (value == null) {
            return null;
        }
        return value >= MILLIS_THRESHOLD ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    }

    /** RFC 3339 text (any fraction precision, {@code Z} or an offset) to Instant; null when absent or unreadable. */
    public static Instant rfc3339(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeException e) {
            try {
                return OffsetDateTime.parse(value.trim()).toInstant();
            } catch (DateTimeException e2) {
                return null;
            }
        }
    }

    /** An exact decimal from text such as {@code "5"} or {@code "0.00010337"}; null when absent or not a number. */
    public static BigDecimal decimal(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Bytes of a display size such as {@code "512.00 MB"} or {@code "512MB"}; K/M/G/T are read as binary units
     * (the Quiva cgroup limit of a "512 MB" machine is a power of two); a bare number is bytes.
     */
    public static Long memoryBytes(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = MEMORY.matcher(value);
        if (!m.matches()) {
            return null;
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String unit = m.group(2).toUpperCase(Locale.ROOT);
        int power = unit.isEmpty()
                ? 0
                : switch (unit.charAt(0)) {
                    case 'K' -> 1;
                    case 'M' -> 2;
                    case 'G' -> 3;
                    case 'T' -> 4;
                    default -> 0;
                };
        return number.multiply(BigDecimal.valueOf(1024).pow(power)).longValue();
    }

    /** Reads a loose boolean such as Quiva's {@code "%strue"}: true when the text ends with {@code true}. */
    public static boolean looseTrue(String value) {
        return value != null && value.trim().toLowerCase(Locale.ROOT).endsWith("true");
    }
}
