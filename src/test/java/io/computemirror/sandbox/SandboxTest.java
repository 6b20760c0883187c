package io.computemirror.sandbox;

import static io.computemirror.sandbox.TestHttp.get;
import static io.computemirror.sandbox.TestHttp.json;
import static io.computemirror.sandbox.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SandboxTest {

    @Test
    void startsAllFourWithDocumentedBaseUrls() {
        try (Sandbox sandbox = Sandbox.start()) {
            assertThat(sandbox.quiva().baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(sandbox.clore().baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(sandbox.akua().baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
            assertThat(json(get(
                                    sandbox.quiva().baseUrl() + "/compute/machines",
                                    sandbox.quiva().token()))
                            .at("/body/results_total")
                            .asInt())
                    .isEqualTo(12);
            assertThat(json(get(
                                    sandbox.clore().baseUrl() + "/clore/v1/machines",
                                    sandbox.clore().token()))
                            .get("total")
                            .asInt())
                    .isEqualTo(500);
            assertThat(json(get(
                                    sandbox.akua().baseUrl() + "/machines",
                                    sandbox.akua().token()))
                            .get("data"))
                    .hasSize(10);
            assertThat(json(post(sandbox.vast().baseUrl() + "/api/v0/bundles/", null, "{\"limit\": 1000}"))
                            .get("offers"))
                    .hasSize(300);
            assertThat(json(get(
                                    sandbox.vast().baseUrl() + "/api/v1/instances/",
                                    sandbox.vast().token()))
                            .get("total_instances")
                            .asInt())
                    .isEqualTo(6);
            assertThat(sandbox.describe())
                    .contains(
                            sandbox.akua().baseUrl(),
                            sandbox.akua().token(),
                            QuivaSimulator.DEFAULT_API_KEY,
                            sandbox.vast().baseUrl(),
                            sandbox.vast().token());
        }
    }
}
