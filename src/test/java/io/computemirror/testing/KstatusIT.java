package io.computemirror.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The rules of the real kstatus library that our conditions rely on, checked on hand-written objects of our kinds:
 * Stalled=True reads as Failed, Reconciling=True as InProgress, an observedGeneration behind metadata.generation as
 * InProgress, and a custom resource with neither (whatever its Ready says) as Current.
 */
class KstatusIT {

    @Test
    void stalledIsFailedReconcilingIsInProgressOtherwiseCurrent() {
        assertThat(Kstatus.of(machine(2, 2, "")).status()).isEqualTo("Current");
        assertThat(Kstatus.of(machine(2, 2, condition("Stalled", "True", "OperationFailed"))))
                .satisfies(v -> assertThat(v.status()).isEqualTo("Failed"))
                .satisfies(v -> assertThat(v.message()).contains("OperationFailed message"));
        assertThat(Kstatus.of(machine(2, 2, condition("Reconciling", "True", "Suspending")))
                        .status())
                .isEqualTo("InProgress");
        assertThat(Kstatus.of(machine(3, 2, "")).status()).isEqualTo("InProgress");
    }

    private static String condition(String type, String status, String reason) {
        return """
                {"type": "%s", "status": "%s", "reason": "%s", "message": "%s message",
                 "lastTransitionTime": "2026-12-02T10:00:00Z"},"""
                .formatted(type, status, reason, reason);
    }

    private static String machine(long generation, long observedGeneration, String extraCondition) {
        return """
                {"apiVersion": "computemirror.io/v1alpha1", "kind": "Machine",
                 "metadata": {"name": "m", "namespace": "default", "generation": %d},
                 "spec": {"providerRef": {"name": "akua-main"}, "externalId": "mch_1"},
                 "status": {"observedGeneration": %d, "conditions": [%s
                   {"type": "Ready", "status": "True", "reason": "Running", "message": "ok",
                    "lastTransitionTime": "2026-12-02T10:00:00Z"}]}}"""
                .formatted(generation, observedGeneration, extraCondition);
    }
}
