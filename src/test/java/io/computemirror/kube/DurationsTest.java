package io.computemirror.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"60s,PT60S", "5m,PT5M", "1h30m,PT1H30M", "250ms,PT0.25S", "10m5s,PT10M5S"})
    void parsesGoStyleDurations(String text, String iso) {
        assertThat(Durations.parse(text, Duration.ZERO)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "often", "5s5", "m5"})
    void refusesWhatIsNoDuration(String text) {
        assertThatThrownBy(() -> Durations.parse(text, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void absentMeansFallback(String text) {
        assertThat(Durations.parse(text, Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
        assertThat(Durations.parse(null, Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
    }
}
