package io.computemirror.provider.vast;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Countries from Vast's {@code geolocation}: usually {@code "Region, CC"} (the region may be empty or long), once
 * documented as {@code "California, United States"}; both are read.
 */
final class VastLocations {

    /** Built on first use: loading every country's display name takes seconds on a small CPU share. */
    private static final class EnglishNames {
        static final Map<String, String> CODES = new HashMap<>();

        static {
            for (String code : Locale.getISOCountries()) {
                CODES.put(new Locale("", code).getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), code);
            }
        }
    }

    private VastLocations() {}

    /** The ISO country code: the last two letters after the last comma, or a country named in English; else null. */
    static String country(String geolocation) {
        if (geolocation == null) {
            return null;
        }
        String last = lastPart(geolocation);
        if (last.length() == 2 && Character.isLetter(last.charAt(0)) && Character.isLetter(last.charAt(1))) {
            return last.toUpperCase(Locale.ROOT);
        }
        return last.length() < 4 ? null : EnglishNames.CODES.get(last.toLowerCase(Locale.ROOT));
    }

    /** The part before the country, or null when there is none. */
    static String region(String geolocation) {
        if (geolocation == null) {
            return null;
        }
        int comma = geolocation.lastIndexOf(',');
        String region = comma < 0 ? "" : geolocation.substring(0, comma).trim();
        return region.isEmpty() ? null : region;
    }

    private static String lastPart(String geolocation) {
        int comma = geolocation.lastIndexOf(',');
        return (comma < 0 ? geolocation : geolocation.substring(comma + 1)).trim();
    }
}
