package io.computemirror.sandbox;

import static io.computemirror.sandbox.TestHttp.get;
import static io.computemirror.sandbox.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

class FaultsTest {

    private CloreSimulator clore;

    @BeforeEach
    void start() {
        clore = new CloreSimulator().withOffers(95).start();
    }

    @AfterEach
    void stop() {
        clore.close();
    }

    private String url(String query) {
        return clore.baseUrl() + CloreSimulator.PATH + query;
    }

    @Test
    void serverErrorBurstThenRecovery() {
        clore.faults().serverErrors(2).serverErrors(1, 503);
        assertThat(get(url(""), clore.token()).statusCode()).isEqualTo(500);
        HttpResponse<String> second = get(url(""), clore.token());
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(json(second).get("error").isTextual()).isTrue();
        assertThat(get(url(""), clore.token()).statusCode()).isEqualTo(503);
        assertThat(get(url(""), clore.token()).statusCode()).isEqualTo(200);
        assertThat(clore.faults().pending()).isZero();
    }

    @Test
    void rateLimitCarriesRetryAfterInSecondsOrAsHttpDate() {
        clore.faults().rateLimited(1, Duration.ofSeconds(7)).rateLimitedHttpDate(1, Duration.ofSeconds(120));
        HttpResponse<String> seconds = get(url(""), clore.token());
        assertThat(seconds.statusCode()).isEqualTo(429);
        assertThat(seconds.headers().firstValue("Retry-After")).hasValue("7");
        HttpResponse<String> date = get(url(""), clore.token());
        assertThat(date.statusCode()).isEqualTo(429);
        ZonedDateTime at = ZonedDateTime.parse(
                date.headers().firstValue("Retry-After").orElseThrow(), DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(at.toInstant()).isAfter(java.time.Instant.now().plusSeconds(60));
    }

    @Test
    void forbiddenAnswers403WithTheProviderBody() {
        clore.faults().forbidden(1);
        HttpResponse<String> response = get(url(""), clore.token());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("error").asText()).contains("permission");
    }

    @Test
    void hangDelaysTheAnswer() {
        clore.faults().hang(1, Duration.ofMillis(700));
        long start = System.nanoTime();
        assertThat(get(url(""), clore.token()).statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(650);
    }

    @Test
    void hangUntilCloseIsReleasedQuicklyByClose() throws Exception {
        clore.faults().hangUntilClose(1);
        CompletableFuture<Integer> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return get(url(""), clore.token()).statusCode();
            } catch (UncheckedIOException e) {
                return -1;
            }
        });
        Thread.sleep(300);
        assertThat(pending).isNotDone();
        long start = System.nanoTime();
        clore.close();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
        assertThat(pending.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
    }

    @Test
    void malformedJsonAndCutPageDoNotParse() {
        clore.faults().malformedJson(1).cutPage(1);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = get(url("?page_size=50"), clore.token());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> TestHttp.JSON.readTree(response.body()))
                    .isInstanceOf(JsonProcessingException.class);
        }
        assertThat(json(get(url("?page_size=50"), clore.token())).get("machines"))
                .hasSize(50);
    }

    @Test
    void shortPageAndEmptyList() {
        clore.faults().shortPage(1).emptyList(1);
        JsonNode shortPage = json(get(url("?page_size=20"), clore.token()));
        assertThat(shortPage.get("machines")).hasSize(10);
        assertThat(shortPage.get("total").asInt()).isEqualTo(95);
        JsonNode empty = json(get(url("?page_size=20"), clore.token()));
        assertThat(empty.get("machines")).isEmpty();
        assertThat(empty.get("total").asInt()).isZero();
    }

    @Test
    void pathScopedFaultsOnlyHitMatchingPaths() {
        try (AkuaSimulator akua = new AkuaSimulator().withMachines(3).start()) {
            akua.faults().onPathsContaining(":wait").serverErrors(1);
            assertThat(get(akua.baseUrl() + "/machines", akua.token()).statusCode())
                    .isEqualTo(200);
            assertThat(akua.faults().pending()).isEqualTo(1);
            HttpResponse<String> error = TestHttp.post(akua.baseUrl() + "/operations/op_x:wait", akua.token(), null);
            assertThat(error.statusCode()).isEqualTo(500);
            assertThat(json(error).get("success").asBoolean()).isFalse();
        }
    }

    @Test
    void shortCursorPageLosesNothingWhenTheClientFollowsHasMore() {
        try (AkuaSimulator akua = new AkuaSimulator().withMachines(30).start()) {
            akua.faults().shortPage(1);
            JsonNode first = json(get(akua.baseUrl() + "/machines?limit=20", akua.token()));
            assertThat(first.get("data")).hasSize(10);
            assertThat(first.get("has_more").asBoolean()).isTrue();
            JsonNode second = json(get(
                    akua.baseUrl() + "/machines?limit=20&cursor="
                            + first.get("next_cursor").asText(),
                    akua.token()));
            assertThat(second.get("data")).hasSize(20);
            assertThat(second.get("has_more").asBoolean()).isFalse();
        }
    }

    @Test
    void requestLogCountsPathsAndNeverKeepsTheToken() {
        get(url("?page=1"), clore.token());
        get(url("?page=2"), clore.token(), "X-Trace", "abc");
        get(url(""), "wrong-token");
        get(clore.baseUrl() + "/elsewhere", clore.token());
        RequestLog log = clore.requests();
        assertThat(log.count(CloreSimulator.PATH)).isEqualTo(3);
        assertThat(log.count("GET", CloreSimulator.PATH)).isEqualTo(3);
        assertThat(log.countsByPath()).containsEntry("/elsewhere", 1);
        assertThat(log.forPath(CloreSimulator.PATH))
                .extracting(RequestLog.Entry::status)
                .containsExactly(200, 200, 401);
        assertThat(log.entries().get(1).header("x-trace")).isEqualTo("abc");
        assertThat(log.entries().get(1).query()).isEqualTo("page=2");
        assertThat(log.entries()).allSatisfy(e -> {
            assertThat(e.header("authorization")).isEqualTo("Bearer <redacted>");
            assertThat(e.headers().toString()).doesNotContain(clore.token()).doesNotContain("wrong-token");
        });
    }
}
