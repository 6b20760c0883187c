package io.computemirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Conditions;

class ConditionsTest {

    private static final Instant T1 = Instant.parse("2026-11-22T10:00:00.123Z");
    private static final Instant T2 = Instant.parse("2026-11-22T11:00:00Z");

    @Test
    void addsAConditionWithTransitionTimeAndGeneration() {
        List<Condition> result = Conditions.set(List.of(), "Ready", true, "Polled", "ok", 3, T1);
        assertThat(result).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(Condition.Status.True);
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-22T10:00:00Z");
            assertThat(c.getObservedGeneration()).isEqualTo(3);
            assertThat(c.getReason()).isEqualTo("Polled");
        });
    }

    @Test
    void keepsTransitionTimeWhileStatusIsUnchanged() {
        List<Condition> first = Conditions.set(List.of(), "Ready", false, "ProviderUnavailable", "503", 1, T1);
        List<Condition> second = Conditions.set(first, "Ready", false, "ProviderUnavailable", "timeout", 2, T2);
        assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(second.get(0).getMessage()).isEqualTo("timeout");
        assertThat(second.get(0).getObservedGeneration()).isEqualTo(2);
    }

    @Test
    void movesTransitionTimeWhenStatusChanges() {
        List<Condition> first = Conditions.set(List.of(), "Ready", false, "ProviderUnavailable", "503", 1, T1);
        List<Condition> second = Conditions.set(first, "Ready", true, "Polled", "ok", 1, T2);
        assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-11-22T11:00:00Z");
    }

    @Test
    void sameInputGivesEqualListSoNoOpWritesCanBeSkipped() {
        List<Condition> first = Conditions.set(List.of(), "Synced", true, "Polled", "ok", 1, T1);
        assertThat(Conditions.set(first, "Synced", true, "Polled", "ok", 1, T2)).isEqualTo(first);
    }

    @Test
    void replacesOnlyItsOwnTypeAndKeepsOrder() {
        List<Condition> both = Conditions.set(
                Conditions.set(List.of(), "Ready", true, "A", "a", 1, T1), "Synced", true, "B", "b", 1, T1);
        List<Condition> result = Conditions.set(both, "Ready", false, "C", "c", 1, T2);
        assertThat(result).extracting(Condition::getType).containsExactly("Ready", "Synced");
        assertThat(Conditions.isTrue(result, "Synced")).isTrue();
        assertThat(Conditions.isTrue(result, "Ready")).isFalse();
    }

    @Test
    void staysBoundedDroppingTheOldestTransition() {
        List<Condition> many = new ArrayList<>();
        for (int i = 0; i < ApiConstants.MAX_CONDITIONS; i++) {
            many = Conditions.set(many, "Type" + i, true, "R", "m", 1, T1.plusSeconds(i));
        }
        List<Condition> result = Conditions.set(many, "Ready", true, "R", "m", 1, T2);
        assertThat(result).hasSize(ApiConstants.MAX_CONDITIONS);
        assertThat(result)
                .extracting(Condition::getType)
                .doesNotContain("Type0")
                .contains("Ready", "Type1");
    }

    @Test
    void truncatesLongMessages() {
        List<Condition> result = Conditions.set(List.of(), "Ready", false, "R", "x".repeat(10_000), 1, T1);
        assertThat(result.get(0).getMessage()).hasSize(ApiConstants.MAX_MESSAGE);
    }
}
