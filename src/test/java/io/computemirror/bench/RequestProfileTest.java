package io.computemirror.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestProfileTest {

    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    @Test
    void countsTheNamespacesRequestsAndTheTimeNoneWasInFlight(@TempDir Path work) throws Exception {
        Path log = work.resolve("audit.log");
        Files.write(
                log,
                List.of(
                        // Two overlapping requests from 0 to 400 ms, one from 600 to 800 ms: none in flight 400 of the
                        // 1,000 ms.
                        event("bench", "create", null, 0, 300),
                        event("bench", "patch", "status", 100, 400),
                        event("bench", "patch", "status", 600, 800),
                        // Another namespace, and a request outside the window: not counted.
                        event("other", "create", null, 0, 1000),
                        event("bench", "create", null, 1500, 1600)));

        RequestProfile profile = RequestProfile.of(log, "bench", T0, T0.plusMillis(1000));

        assertThat(profile.requests()).isEqualTo(3);
        assertThat(profile.byVerb()).isEqualTo(Map.of("create", 1L, "patch status", 2L));
        assertThat(profile.meanMillis()).isCloseTo(800 / 3.0, within(0.01));
        assertThat(profile.inFlight()).isCloseTo(0.8, within(0.001));
        assertThat(profile.idleShare()).isCloseTo(0.4, within(0.001));
    }

    private static String event(String namespace, String verb, String subresource, long fromMillis, long toMillis) {
        return """
                {"stage":"ResponseComplete","verb":"%s","objectRef":{"namespace":"%s"%s},\
                "requestReceivedTimestamp":"%s","stageTimestamp":"%s"}"""
                .formatted(
                        verb,
                        namespace,
                        subresource == null ? "" : ",\"subresource\":\"" + subresource + "\"",
                        T0.plusMillis(fromMillis),
                        T0.plusMillis(toMillis));
    }
}
