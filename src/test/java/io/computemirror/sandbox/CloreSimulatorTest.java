package io.computemirror.sandbox;

import static io.computemirror.sandbox.TestHttp.fields;
import static io.computemirror.sandbox.TestHttp.get;
import static io.computemirror.sandbox.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class CloreSimulatorTest {

    private static CloreSimulator clore;

    @BeforeAll
    static void start() {
        clore = new CloreSimulator().withSeed(5).withOffers(10_000).start();
    }

    @AfterAll
    static void stop() {
        clore.close();
    }

    private static String url(String query) {
        return clore.baseUrl() + CloreSimulator.PATH + query;
    }

    @Test
    void pageHasTheDocumentedShape() {
        HttpResponse<String> response = get(url("?page=1&page_size=3"), clore.token());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(fields(body)).containsExactlyInAnyOrder("total", "current_page", "page_size", "machines");
        assertThat(body.get("total").asInt()).isEqualTo(10_000);
        assertThat(body.get("current_page").asInt()).isEqualTo(1);
        assertThat(body.get("page_size").asInt()).isEqualTo(3);
        JsonNode machine = body.get("machines").get(0);
        assertThat(fields(machine))
                .containsExactlyInAnyOrder("status", "machine_prices", "metadata", "hardware_specs", "network_info");
        JsonNode price = machine.get("machine_prices").get(0);
        assertThat(fields(price)).containsExactlyInAnyOrder("id", "amount", "currency");
        assertThat(price.get("amount").isTextual()).isTrue();
        assertThat(new BigDecimal(price.get("amount").asText())).isPositive();
        assertThat(price.get("currency").asText()).isIn("USD", "BTC");
        UUID.fromString(price.get("id").asText());
        assertThat(fields(machine.get("metadata")))
                .containsExactlyInAnyOrder("machine_id", "geo_location", "cuda_version");
        UUID.fromString(machine.at("/metadata/machine_id").asText());
        assertThat(fields(machine.at("/metadata/geo_location"))).containsExactlyInAnyOrder("country", "city");
        JsonNode hw = machine.get("hardware_specs");
        assertThat(fields(hw)).containsExactlyInAnyOrder("cpu", "memory", "storage", "gpus");
        assertThat(fields(hw.get("cpu")))
                .containsExactlyInAnyOrder("model", "cpu_arch", "cores", "threads", "base_clock", "boost_clock");
        assertThat(fields(hw.get("memory"))).containsExactlyInAnyOrder("total_memory", "memory_required");
        assertThat(fields(hw.get("storage")))
                .containsExactlyInAnyOrder("disk_space_available", "disk_type", "disk_name");
        assertThat(fields(hw.at("/gpus/0")))
                .containsExactlyInAnyOrder("id", "name", "memory", "cuda_cores", "tensor_cores", "flops");
        assertThat(machine.at("/network_info/bandwidth").isInt()).isTrue();
    }

    @Test
    void tenThousandOffersPageToTheEndAndPastIt() {
        int pageSize = 100;
        Set<String> ids = new HashSet<>();
        int pages = 0;
        for (int page = CloreSimulator.FIRST_PAGE; ; page++) {
            JsonNode body = json(get(url("?page=" + page + "&page_size=" + pageSize), clore.token()));
            JsonNode machines = body.get("machines");
            if (machines.isEmpty()) {
                assertThat(body.get("total").asInt()).isEqualTo(10_000);
                assertThat(body.get("current_page").asInt()).isEqualTo(page);
                break;
            }
            pages++;
            machines.forEach(m -> ids.add(m.at("/metadata/machine_id").asText()));
        }
        assertThat(pages).isEqualTo((10_000 + pageSize - 1) / pageSize);
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void pageSizeDefaultsAndIsCapped() {
        assertThat(json(get(url(""), clore.token())).get("machines")).hasSize(CloreSimulator.DEFAULT_PAGE_SIZE);
        JsonNode big = json(get(url("?page_size=5000"), clore.token()));
        assertThat(big.get("page_size").asInt()).isEqualTo(CloreSimulator.MAX_PAGE_SIZE);
        assertThat(big.get("machines")).hasSize(CloreSimulator.MAX_PAGE_SIZE);
    }

    @Test
    void invalidPagingAndFiltersAnswer400WithErrorBody() {
        for (String query : List.of(
                "?page=0",
                "?page_size=0",
                "?page=x",
                "?filter=colour:red",
                "?filter=nonsense",
                "?filter=memory_size:lots")) {
            HttpResponse<String> response = get(url(query), clore.token());
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(fields(json(response))).as(query).containsExactly("error");
        }
    }

    @Test
    void filtersFollowTheDocumentedKeys() {
        JsonNode body = json(get(
                url("?page_size=100&filter=gpu_name:Nvidia%20RTX%203090,memory_size:64GB,"
                        + "machine_status:available"),
                clore.token()));
        assertThat(body.get("total").asInt()).isPositive().isLessThan(10_000);
        body.get("machines").forEach(m -> {
            assertThat(m.at("/hardware_specs/gpus/0/name").asText()).contains("3090");
            assertThat(m.at("/hardware_specs/memory/total_memory").asInt()).isGreaterThanOrEqualTo(64);
            assertThat(m.get("status").asText()).isEqualTo("available");
        });
        // The curl example on the docs page uses the key "gpu".
        assertThat(json(get(url("?filter=gpu:GeForce%203090"), clore.token()))
                        .get("total")
                        .asInt())
                .isGreaterThanOrEqualTo(body.get("total").asInt());
        String machineId = clore.offers().get(42).machineId();
        JsonNode one = json(get(url("?filter=machine_id:" + machineId), clore.token()));
        assertThat(one.get("total").asInt()).isEqualTo(1);
        assertThat(one.at("/machines/0/metadata/machine_id").asText()).isEqualTo(machineId);
    }

    @Test
    void missingOrWrongTokenAnswers401() {
        assertThat(get(url(""), null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = get(url(""), "eyJ.wrong.token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("error").isTextual()).isTrue();
    }

    @Test
    void offersChurnDeterministically() {
        CloreSimulator a = new CloreSimulator().withSeed(9).withOffers(1000);
        CloreSimulator b = new CloreSimulator().withSeed(9).withOffers(1000);
        assertThat(a.offers()).isEqualTo(b.offers());
        List<CloreSimulator.Offer> before = a.offers();
        assertThat(a.changePrices(0.1)).isEqualTo(100);
        b.changePrices(0.1);
        long repriced = before.stream().filter(o -> !a.offers().contains(o)).count();
        assertThat(repriced).isEqualTo(100);
        CloreSimulator.Change change = a.advance();
        assertThat(change.removed()).isEqualTo(10);
        assertThat(change.added()).isEqualTo(10);
        b.advance();
        assertThat(a.offers()).isEqualTo(b.offers()).hasSize(1000);
        assertThat(new CloreSimulator().withSeed(10).withOffers(1000).offers()).isNotEqualTo(b.offers());
    }

    @Test
    void repricingGivesANewPriceId() {
        CloreSimulator sim = new CloreSimulator().withSeed(2).withOffers(10);
        CloreSimulator.Offer before = sim.offers().get(0);
        sim.changePrices(1.0);
        CloreSimulator.Offer after = sim.offers().get(0);
        assertThat(after.machineId()).isEqualTo(before.machineId());
        assertThat(after.prices())
                .extracting(CloreSimulator.Price::id)
                .doesNotContainAnyElementsOf(
                        before.prices().stream().map(CloreSimulator.Price::id).toList());
    }
}
