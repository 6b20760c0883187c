package io.computemirror.provider.clore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.provider.Credential;
import io.computemirror.provider.Fixtures;
import io.computemirror.provider.GpuInfo;
import io.computemirror.provider.Listing;
import io.computemirror.provider.OfferObservation;
import io.computemirror.provider.Price;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderException;
import io.computemirror.provider.StubServer;
import io.computemirror.provider.StubServer.Reply;
import io.computemirror.provider.TestAccounts;

class CloreClientTest {

    private StubServer server;

    @BeforeEach
    void start() throws Exception {
        server = new StubServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CloreClient client(int pageSize, int maxOffers) {
        return new CloreClient(TestAccounts.builder(ProviderType.Clore, server, Credential.of("jwt-token-123"))
                .settings(new CloreSettings(null, pageSize, maxOffers))
                .build());
    }

    @Test
    void seedPageWithTrailingCommasParses() {
        String seed = Fixtures.read("clore-list-machines.json");
        assertThat(seed).contains("\"city\": \"San Francisco\",\n}");
        server.replies(Reply.ok(seed));

        List<OfferObservation> offers = client(10, 100).listOffers().items();

        assertThat(offers).hasSize(1);
        OfferObservation o = offers.get(0);
        assertThat(o.externalId()).isEqualTo("d63d2545-af1a-42e8-9d4b-2f36b064f0be");
        assertThat(o.available()).isTrue();
        assertThat(o.providerStatus()).isEqualTo("available");
        assertThat(o.country()).isEqualTo("USA");
        assertThat(o.city()).isEqualTo("San Francisco");
        assertThat(o.cudaVersion()).isEqualTo("12.1");
        assertThat(o.cpuModel()).isEqualTo("AMD EPYC 7532 32-Core Processor");
        assertThat(o.cpuArch()).isEqualTo("amd64");
        assertThat(o.cpuCores()).isEqualTo(10);
        assertThat(o.cpuThreads()).isEqualTo(20);
        assertThat(o.cpuBaseClockMhz()).isEqualTo(3700);
        assertThat(o.cpuBoostClockMhz()).isEqualTo(5300);
        assertThat(o.ramGb()).isEqualByComparingTo("64");
        assertThat(o.memoryRequiredGb()).isEqualByComparingTo("1");
        assertThat(o.storageGb()).isEqualByComparingTo("1");
        assertThat(o.diskType()).isEqualTo("ssd");
        assertThat(o.diskName()).isEqualTo("nvme");
        assertThat(o.bandwidthMbps()).isEqualByComparingTo("1000");
        assertThat(o.gpus()).extracting(GpuInfo::name).containsExactly("Nvidia GeForce 3090", "Nvidia GeForce 3070");
        GpuInfo g = o.gpus().get(0);
        assertThat(g.id()).isEqualTo("e37d339d-f1dd-4587-88e7-a8ce76ce1086");
        assertThat(g.memoryGb()).isEqualByComparingTo("24");
        assertThat(g.cudaCores()).isEqualTo(10496);
        assertThat(g.tensorCores()).isEqualTo(328);
        assertThat(g.tflops()).isEqualByComparingTo("36");
        assertThat(o.prices())
                .containsExactly(
                        new Price("5b10ce4d-9772-4487-bcc0-c7440e633370", new BigDecimal("1"), "BTC"),
                        new Price("3f189ae6-f831-4509-a018-1bce5cde48ee", new BigDecimal("5"), "USD"));

        StubServer.Recorded req = server.requests().get(0);
        assertThat(req.path()).isEqualTo("/clore/v1/machines");
        assertThat(req.query()).isEqualTo("page=1&page_size=10");
        assertThat(req.header("Authorization")).isEqualTo("Bearer jwt-token-123");
    }

    @Test
    void pricesStayExact() {
        server.replies(Reply.ok(page(
                1,
                1,
                10,
                List.of(offer(
                        "m1",
                        "available",
                        "[{\"id\":\"p1\",\"amount\":\"0.00010337\",\"currency\":\"BTC\"},{\"id\":\"p2\",\"amount\":0.1,\"currency\":\"USD\"},"
                                + "{\"id\":\"p3\",\"amount\":\"n/a\",\"currency\":\"USD\"}]")))));

        OfferObservation o = client(10, 100).listOffers().items().get(0);

        assertThat(o.prices())
                .extracting(Price::amount)
                .containsExactly(new BigDecimal("0.00010337"), new BigDecimal("0.1"));
        assertThat(o.prices().get(0).amount().toPlainString()).isEqualTo("0.00010337");
    }

    @Test
    void followsPagesUntilTotalIsReached() {
        int total = 250;
        server.handler(r -> {
            Map<String, String> q = query(r.query());
            int page = Integer.parseInt(q.get("page"));
            int size = Integer.parseInt(q.get("page_size"));
            List<String> items = new ArrayList<>();
            for (int i = (page - 1) * size; i < Math.min(total, page * size); i++) {
                items.add(offer("m" + i, i % 2 == 0 ? "available" : "unavailable", "[]"));
            }
            return Reply.ok(page(total, page, size, items));
        });

        List<OfferObservation> offers = client(100, 10_000).listOffers().items();

        assertThat(offers).hasSize(250);
        assertThat(offers.get(249).externalId()).isEqualTo("m249");
        assertThat(offers.get(1).available()).isFalse();
        assertThat(server.requests())
                .extracting(StubServer.Recorded::query)
                .containsExactly("page=1&page_size=100", "page=2&page_size=100", "page=3&page_size=100");
    }

    @Test
    void aCompleteListingSaysSo() {
        server.handler(r -> Reply.ok(page(
                3,
                1,
                10,
                List.of(offer("a", "available", "[]"), offer("b", "available", "[]"), offer("c", "available", "[]")))));

        Listing<OfferObservation> listing = client(10, 100).listOffers();
        assertThat(listing.isComplete()).isTrue();
        assertThat(listing.expected()).isEqualTo(3);
    }

    @Test
    void aShortPageWhileTotalPromisesMoreIsIncompleteAndTheRestIsStillRead() {
        server.handler(r -> {
            int page = Integer.parseInt(query(r.query()).get("page"));
            return Reply.ok(
                    switch (page) {
                        case 1 -> page(5, 1, 2, List.of(offer("a", "available", "[]")));
                        case 2 -> page(5, 2, 2, List.of(offer("c", "available", "[]"), offer("d", "available", "[]")));
                        case 3 -> page(5, 3, 2, List.of(offer("e", "available", "[]")));
                        default -> page(5, page, 2, List.of());
                    });
        });

        Listing<OfferObservation> listing = client(2, 100).listOffers();
        assertThat(listing.items()).extracting(OfferObservation::externalId).containsExactly("a", "c", "d", "e");
        assertThat(listing.incomplete().reason()).isEqualTo(Listing.Reason.ShortPage);
    }

    @Test
    void aTotalThatChangesBetweenPagesMeansTheListingMoved() {
        // "b" leaves after page 1 was read: page 2 starts at "d", and "c" is never seen.
        server.handler(r -> {
            int page = Integer.parseInt(query(r.query()).get("page"));
            return Reply.ok(
                    page == 1
                            ? page(4, 1, 2, List.of(offer("a", "available", "[]"), offer("b", "available", "[]")))
                            : page(3, 2, 2, List.of(offer("d", "available", "[]"))));
        });

        Listing<OfferObservation> listing = client(2, 100).listOffers();
        assertThat(listing.items()).extracting(OfferObservation::externalId).containsExactly("a", "b", "d");
        assertThat(listing.incomplete().reason()).isEqualTo(Listing.Reason.TotalChanged);
    }

    @Test
    void theSameIdTwiceIsIncomplete() {
        server.handler(r -> {
            int page = Integer.parseInt(query(r.query()).get("page"));
            return Reply.ok(
                    page == 1
                            ? page(4, 1, 2, List.of(offer("a", "available", "[]"), offer("b", "available", "[]")))
                            : page(4, 2, 2, List.of(offer("b", "available", "[]"), offer("c", "available", "[]"))));
        });

        Listing<OfferObservation> listing = client(2, 100).listOffers();
        assertThat(listing.items()).extracting(OfferObservation::externalId).containsExactly("a", "b", "c");
        assertThat(listing.incomplete().reason()).isEqualTo(Listing.Reason.DuplicateId);
    }

    @Test
    void exactMultipleWithoutTotalEndsOnEmptyPage() {
        server.handler(r -> {
            int page = Integer.parseInt(query(r.query()).get("page"));
            List<String> items = page <= 2
                    ? List.of(offer("a" + page, "available", "[]"), offer("b" + page, "available", "[]"))
                    : List.of();
            return Reply.ok("{\"machines\":[" + String.join(",", items) + "]}");
        });

        assertThat(client(2, 100).listOffers().items()).hasSize(4);
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void stopsAtMaxOffers() {
        server.handler(r -> {
            int page = Integer.parseInt(query(r.query()).get("page"));
            List<String> items = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                items.add(offer("p" + page + "-" + i, "available", "[]"));
            }
            return Reply.ok(page(1000, page, 10, items));
        });

        assertThat(client(10, 25).listOffers().items()).hasSize(25);
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void filterIsSentAsCommaSeparatedPairs() {
        server.replies(Reply.ok(page(0, 1, 100, List.of())));
        ProviderAccount account = TestAccounts.builder(ProviderType.Clore, server, Credential.of("jwt-token-123"))
                .settings(new CloreSettings(
                        new CloreOfferFilter("Nvidia RTX 3090", 24, null, 8, 100, "available"),
                        CloreSettings.DEFAULT_PAGE_SIZE,
                        CloreSettings.DEFAULT_MAX_OFFERS))
                .build();

        assertThat(new CloreClient(account).listOffers().items()).isEmpty();

        assertThat(server.requests().get(0).query())
                .isEqualTo(
                        "page=1&page_size=100"
                                + "&filter=gpu_name:Nvidia%20RTX%203090,memory_size:24GB,cpu_cores:8,storage_size:100GB,machine_status:available");
    }

    @ParameterizedTest
    @CsvSource({"400, BAD_REQUEST", "401, AUTH", "403, AUTH", "404, NOT_FOUND", "500, SERVER_ERROR"})
    void documentedErrorStatuses(int status, ProviderException.Kind kind) {
        server.replies(Reply.json(status, "{\"error\":\"unsupported filter gpu\"}"));

        assertThatThrownBy(() -> client(10, 100).listOffers().items())
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.providerMessage()).contains("unsupported filter gpu");
                });
    }

    @Test
    void nonJsonErrorBodyBecomesTheMessage() {
        server.replies(Reply.json(502, "<html><body>Bad gateway</body></html>"));

        assertThatThrownBy(() -> client(10, 100).listOffers().items())
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR);
                    assertThat(e.providerMessage())
                            .hasValueSatisfying(m -> assertThat(m).contains("Bad gateway"));
                });
    }

    @Test
    void malformedAndUnexpectedPayloads() {
        server.replies(Reply.ok("{\"machines\": [ {\"status\": "));
        assertThatThrownBy(() -> client(10, 100).listOffers().items())
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind())
                        .isEqualTo(ProviderException.Kind.MALFORMED_RESPONSE));

        server.replies(Reply.ok("{\"total\":3,\"items\":[]}"));
        assertThatThrownBy(() -> client(10, 100).listOffers().items())
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.getMessage()).contains("machines"));
    }

    @Test
    void entriesWithoutMachineIdAreSkipped() {
        server.replies(Reply.ok(page(2, 1, 10, List.of("{\"status\":\"available\"}", offer("ok", "available", "[]")))));

        assertThat(client(10, 100).listOffers().items())
                .extracting(OfferObservation::externalId)
                .containsExactly("ok");
    }

    static String page(int total, int page, int size, List<String> items) {
        return "{\"total\":" + total + ",\"current_page\":" + page + ",\"page_size\":" + size + ",\"machines\":["
                + String.join(",", items) + "]}";
    }

    static String offer(String id, String status, String prices) {
        return "{\"status\":\"" + status + "\",\"machine_prices\":" + prices + ",\"metadata\":{\"machine_id\":\"" + id
                + "\",\"geo_location\":{\"country\":\"DE\",\"city\":\"Berlin\"},\"cuda_version\":12.4},"
                + "\"hardware_specs\":{\"gpus\":[{\"name\":\"RTX 4090\",\"memory\":24}]},\"network_info\":{\"bandwidth\":500}}";
    }

    static Map<String, String> query(String q) {
        return java.util.Arrays.stream(q.split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1] : ""));
    }
}
