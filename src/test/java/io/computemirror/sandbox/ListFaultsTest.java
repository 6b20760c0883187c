package io.computemirror.sandbox;

import static io.computemirror.sandbox.TestHttp.get;
import static io.computemirror.sandbox.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The list faults of each simulator (pages that lie about being complete), through real HTTP. */
class ListFaultsTest {

    private static List<String> cloreIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("machines").forEach(m -> ids.add(m.at("/metadata/machine_id").asText()));
        return ids;
    }

    private static JsonNode clorePage(CloreSimulator clore, int page) {
        return json(get(clore.baseUrl() + CloreSimulator.PATH + "?page_size=10&page=" + page, clore.token()));
    }

    private static List<String> akuaIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(m -> ids.add(m.get("id").asText()));
        return ids;
    }

    private static JsonNode akuaPage(AkuaSimulator akua, String cursor) {
        String query = cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
        return json(get(akua.baseUrl() + "/machines?limit=10" + query, akua.token()));
    }

    @Test
    void cloreShortPagesAreCountedThenPagesAreWholeAgain() {
        try (CloreSimulator clore = new CloreSimulator().withOffers(121).start()) {
            clore.faults().shortPage(2);
            JsonNode first = clorePage(clore, 1);
            JsonNode second = clorePage(clore, 2);
            JsonNode third = clorePage(clore, 3);
            assertThat(first.get("machines")).hasSize(5);
            assertThat(second.get("machines")).hasSize(5);
            assertThat(third.get("machines")).hasSize(10);
            assertThat(List.of(first, second, third))
                    .allSatisfy(p -> assertThat(p.get("total").asInt()).isEqualTo(121));
            assertThat(clore.faults().pending()).isZero();
        }
    }

    @Test
    void cloreShiftRemovesTheFirstOfferOfThePageSoTheBoundaryOfferIsNeverSeen() {
        try (CloreSimulator clore = new CloreSimulator().withOffers(121).start()) {
            List<String> before =
                    clore.offers().stream().map(CloreSimulator.Offer::machineId).toList();
            clore.faults().listFault(Faults.Kind.SHIFT_LISTING, 1);
            Set<String> seen = new LinkedHashSet<>();
            int pages = 0;
            for (int page = 1; ; page++) {
                JsonNode body = clorePage(clore, page);
                if (body.get("machines").isEmpty()) {
                    break;
                }
                pages++;
                seen.addAll(cloreIds(body));
                assertThat(body.get("total").asInt()).isEqualTo(page == 1 ? 121 : 120);
            }
            assertThat(pages).isEqualTo(12);
            // The first offer of page 1 left the market after page 1 was served; the first offer of page 2 moved
            // up onto page 1 and a page-number reader never sees it, though it is still listed.
            assertThat(clore.offers())
                    .extracting(CloreSimulator.Offer::machineId)
                    .doesNotContain(before.get(0))
                    .contains(before.get(10));
            assertThat(seen)
                    .contains(before.get(0))
                    .doesNotContain(before.get(10))
                    .hasSize(120);
        }
    }

    @Test
    void cloreDuplicateIdRepeatsThePreviousPagesLastOffer() {
        try (CloreSimulator clore = new CloreSimulator().withOffers(121).start()) {
            List<String> page1 = cloreIds(clorePage(clore, 1));
            clore.faults().listFault(Faults.Kind.DUPLICATE_ID, 2);
            List<String> page2 = cloreIds(clorePage(clore, 2));
            assertThat(page2).hasSize(11);
            assertThat(page2.get(0)).isEqualTo(page1.get(9));
            List<String> page1Again = cloreIds(clorePage(clore, 1));
            assertThat(page1Again).hasSize(11).startsWith(page1.toArray(String[]::new));
            assertThat(page1Again.get(10)).isEqualTo(page1.get(9));
        }
    }

    @Test
    void cloreAndQuivaWrongTotalDisagreesWithTheItems() {
        try (CloreSimulator clore = new CloreSimulator().withOffers(121).start();
                QuivaSimulator quiva = new QuivaSimulator().start()) {
            clore.faults().wrongTotal(1, 5);
            assertThat(clorePage(clore, 1).get("total").asInt()).isEqualTo(126);
            assertThat(clorePage(clore, 1).get("total").asInt()).isEqualTo(121);
            quiva.faults().wrongTotal(1, -2);
            JsonNode body = json(get(quiva.baseUrl() + "/compute/machines", quiva.token()))
                    .get("body");
            assertThat(body.get("results")).hasSize(12);
            assertThat(body.get("results_total").asInt()).isEqualTo(10);
        }
    }

    @Test
    void quivaDuplicateIdListsTheFirstMachineTwice() {
        try (QuivaSimulator quiva = new QuivaSimulator().start()) {
            quiva.faults().listFault(Faults.Kind.DUPLICATE_ID, 1);
            JsonNode body = json(get(quiva.baseUrl() + "/compute/machines", quiva.token()))
                    .get("body");
            assertThat(body.get("results")).hasSize(13);
            assertThat(body.get("results_total").asInt()).isEqualTo(12);
            assertThat(body.at("/results/12/id").asText()).isEqualTo(QuivaSimulator.DOC_MACHINE_ID);
        }
    }

    @Test
    void akuaRepeatedCursorServesTheSamePageAgain() {
        try (AkuaSimulator akua = new AkuaSimulator().withMachines(30).start()) {
            JsonNode first = akuaPage(akua, null);
            akua.faults().listFault(Faults.Kind.REPEATED_CURSOR, 2);
            JsonNode second = akuaPage(akua, first.get("next_cursor").asText());
            assertThat(second.get("next_cursor").asText())
                    .isEqualTo(first.get("next_cursor").asText());
            assertThat(second.get("has_more").asBoolean()).isTrue();
            // On the first page the repeated cursor starts over.
            JsonNode restart = akuaPage(akua, null);
            assertThat(akuaIds(akuaPage(akua, restart.get("next_cursor").asText())))
                    .isEqualTo(akuaIds(first));
        }
    }

    @Test
    void akuaHasMoreWithoutCursorAndDuplicateId() {
        try (AkuaSimulator akua = new AkuaSimulator().withMachines(30).start()) {
            JsonNode first = akuaPage(akua, null);
            akua.faults().listFault(Faults.Kind.HAS_MORE_WITHOUT_CURSOR, 1).listFault(Faults.Kind.DUPLICATE_ID, 1);
            JsonNode stuck = akuaPage(akua, first.get("next_cursor").asText());
            assertThat(stuck.get("has_more").asBoolean()).isTrue();
            assertThat(stuck.get("next_cursor").isNull()).isTrue();
            List<String> duplicated =
                    akuaIds(akuaPage(akua, first.get("next_cursor").asText()));
            assertThat(duplicated).hasSize(11);
            assertThat(duplicated.get(0)).isEqualTo(akuaIds(first).get(9));
        }
    }

    @Test
    void aFaultTheSimulatorCannotApplyIsRefusedAtOnce() {
        try (QuivaSimulator quiva = new QuivaSimulator()) {
            assertThatThrownBy(() -> quiva.faults().listFault(Faults.Kind.SHIFT_LISTING, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Quiva")
                    .hasMessageContaining("SHIFT_LISTING");
            assertThatThrownBy(() -> quiva.faults().listFault(Faults.Kind.RATE_LIMIT, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a list fault");
            assertThat(quiva.faults().pending()).isZero();
        }
    }
}
