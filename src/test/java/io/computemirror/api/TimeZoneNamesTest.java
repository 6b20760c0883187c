package io.computemirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.TimeZoneNames;

/** The admission list of time zones is this JDK's tz database: a zone admission accepts is one the operator knows. */
class TimeZoneNamesTest {

    @Test
    void theCelListIsExactlyTheJdkZonesWithoutSystemV() {
        String list = TimeZoneNames.CEL_LIST;
        assertThat(list).startsWith("['").endsWith("']");
        Set<String> listed = Arrays.stream(list.substring(2, list.length() - 2).split("','"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> jdk = new TreeSet<>(ZoneId.getAvailableZoneIds());
        jdk.removeIf(id -> id.startsWith("SystemV/"));
        jdk.add("UTC");
        assertThat(listed)
                .as("regenerate with: java hack/TimeZoneNames.java > "
                        + "src/main/java/io/computemirror/api/v1alpha1/TimeZoneNames.java")
                .isEqualTo(jdk)
                .contains("Europe/Berlin", "America/New_York", "UTC");
    }
}
