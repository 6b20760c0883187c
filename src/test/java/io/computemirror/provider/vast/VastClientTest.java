package io.computemirror.provider.vast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computemirror.provider.Credential;
import io.computemirror.provider.Fixtures;
import io.computemirror.provider.GpuInfo;
import io.computemirror.provider.Listing;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.MachineState;
import io.computemirror.provider.OfferObservation;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderException;
import io.computemirror.provider.ProviderJson;
import io.computemirror.provider.ResilienceSettings;
import io.computemirror.provider.StubServer;
import io.computemirror.provider.StubServer.Reply;
import io.computemirror.provider.TestAccounts;

/**
 * The Vast client against the facts file's example payloads, spelled as the API spells them (served by a stub on
 * 127.0.0.1). The instance fixture adds secret-looking values to {@code extra_env}, {@code onstart},
 * {@code image_args} and {@code jupyter_token}, which must never reach an observation.
 */
class VastClientTest {

    private static final String KEY = "vast-api-key-0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final String[] SECRETS = {
        "jupytersecret0123456789abcdef", "hf_envsecret0123456789", "onstartsecret0123", "argsecret0123", KEY
    };

    private StubServer server;

    @BeforeEach
    void start() throws Exception {
        server = new StubServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ProviderAccount account(ResilienceSettings resilience) {
        return ProviderAccount.builder("ns/vast", new VastKind(), Credential.of(KEY))
                .endpoint(server.uri(""))
                .allowInsecureEndpoint(true)
                .resilience(resilience)
                .build();
    }

    private VastClient client(VastSettings settings) {
        return new VastClient(account(TestAccounts.fast()), settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private VastClient client() {
        return client(VastSettings.defaults());
    }

    private static VastSettings limit(int limit) {
        return new VastSettings(null, null, null, limit);
    }

    private static ObjectNode fixture(String name) {
        try {
            return (ObjectNode) ProviderJson.MAPPER.readTree(Fixtures.read(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code {"offers": [...]}} with {@code count} copies of the example offer under ids 1..count. */
    private static String offers(int count) {
        ObjectNode body = ProviderJson.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("offers");
        for (int i = 1; i <= count; i++) {
            list.add(fixture("vast-offer.json").put("id", i).put("ask_contract_id", i));
        }
        return body.toString();
    }

    private static String page(String nextToken, Integer total, JsonNode... instances) {
        ObjectNode body = ProviderJson.MAPPER.createObjectNode();
        body.put("success", true).put("instances_found", instances.length);
        if (total != null) {
            body.put("total_instances", total);
        }
        if (nextToken == null) {
            body.putNull("next_token");
        } else {
            body.put("next_token", nextToken);
        }
        ArrayNode list = body.putArray("instances");
        for (JsonNode i : instances) {
            list.add(i);
        }
        return body.toString();
    }

    private static ObjectNode instance(long id) {
        return fixture("vast-instance.json").put("id", id);
    }

    private static String show(JsonNode instance) {
        ObjectNode body = ProviderJson.MAPPER.createObjectNode();
        body.set("instances", instance);
        return body.toString();
    }

    @Test
    void exampleOfferMapsWithExactPriceGibCountryAndNumericId() {
        server.replies(Reply.ok("{\"offers\": [" + Fixtures.read("vast-offer.json") + "]}"));

        Listing<OfferObservation> listing = client().listOffers();

        assertThat(listing.isComplete()).isTrue();
        assertThat(listing.items()).hasSize(1);
        OfferObservation o = listing.items().get(0);
        assertThat(o.externalId()).isEqualTo("21234567");
        assertThat(o.available()).isTrue();
        assertThat(o.providerStatus()).isEqualTo("rentable");
        assertThat(o.gpus()).hasSize(2).allSatisfy(g -> {
            assertThat(g.name()).isEqualTo("RTX 4090");
            // 24564 MiB, nvidia-smi's figure for a 24 GB card.
            assertThat(g.memoryGb()).isEqualByComparingTo("24");
        });
        assertThat(o.prices()).singleElement().satisfies(p -> {
            assertThat(p.amount().toPlainString()).isEqualTo("0.6010416666666667");
            assertThat(p.currency()).isEqualTo("USD");
        });
        assertThat(o.country()).isEqualTo("US");
        assertThat(o.cudaVersion()).isEqualTo("12.8");
        assertThat(o.reliability()).isEqualByComparingTo("0.9971");
        assertThat(o.verification()).isEqualTo("verified");
        assertThat(o.datacenter()).isFalse();
        assertThat(o.cpuModel()).isEqualTo("AMD EPYC 7543 32-Core Processor");
        assertThat(o.cpuThreads()).isEqualTo(32);
        // Half the cores, so half of the machine's 257652 MiB.
        assertThat(o.ramGb()).isEqualByComparingTo("125.81");
        assertThat(o.storageGb()).isEqualByComparingTo("812.5");
        assertThat(o.bandwidthMbps()).isEqualByComparingTo("910.7");
        assertThat(o.facts()).isInstanceOfSatisfying(OfferObservation.VastOfferFacts.class, f -> {
            assertThat(f.machineId()).isEqualTo("31234");
            assertThat(f.hostId()).isEqualTo("187654");
            assertThat(f.gpuRamMib()).isEqualTo(24564);
            assertThat(f.basePerHourUsd().toPlainString()).isEqualTo("0.6");
            assertThat(f.storagePerGbMonthUsd().toPlainString()).isEqualTo("0.15");
            assertThat(f.minBidPerHourUsd().toPlainString()).isEqualTo("0.32");
            assertThat(f.interruptible()).isFalse();
            assertThat(f.computeCapability()).isEqualTo(890);
            assertThat(f.listedUntil()).isEqualTo(Instant.ofEpochSecond(1_793_000_000L));
            assertThat(f.region()).isEqualTo("Texas");
        });
    }

    @Test
    void nullNumbersAndMissingFieldsStillParse() {
        ObjectNode sparse = fixture("vast-offer.json");
        for (String field : List.of(
                "dph_total",
                "gpu_ram",
                "cpu_cores",
                "cpu_ram",
                "reliability",
                "reliability2",
                "cuda_max_good",
                "geolocation",
                "inet_down",
                "end_date",
                "hosting_type",
                "rentable")) {
            sparse.putNull(field);
        }
        sparse.remove("verification");
        server.replies(Reply.ok("{\"offers\": [" + sparse + "]}"));

        OfferObservation o = client().listOffers().items().get(0);

        assertThat(o.prices()).isEmpty();
        // gpu_total_ram / num_gpus stands in for the missing per-GPU figure.
        assertThat(o.gpus()).extracting(GpuInfo::memoryGb).containsOnly(new BigDecimal("24"));
        assertThat(o.country()).isNull();
        assertThat(o.reliability()).isNull();
        assertThat(o.datacenter()).isNull();
        assertThat(o.ramGb()).isNull();
        assertThat(o.available()).isTrue();
        assertThat(o.providerStatus()).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Texas, US|US",
                ", US|US",
                "Quebec, CA|CA",
                "Nordrhein-Westfalen, Kreis Lippe, DE|DE",
                "California, United States|US",
                "US|US",
                "Somewhere|",
            })
    void countryIsTheLastTwoLettersOrAnEnglishCountryName(String geolocation, String country) {
        assertThat(VastLocations.country(geolocation)).isEqualTo(country);
    }

    @ParameterizedTest
    @CsvSource({"24564,24", "81559,80", "49140,48", "16384,16", "15360,15", "20475,20"})
    void vramIsRoundedToWholeGib(int mib, String gib) {
        assertThat(VastMapping.roundedGib(mib)).isEqualByComparingTo(gib);
    }

    @Test
    void searchBodyCarriesTheFilterAndAnExplicitLimitOnePastTheAccountsLimit() throws Exception {
        server.replies(Reply.ok(offers(1)));
        VastSettings settings = new VastSettings(
                Set.of(VastSettings.Listings.Offers),
                new VastSettings.OfferFilter(
                        List.of("RTX_4090", "H100 SXM"),
                        2,
                        24,
                        List.of("us", "CA"),
                        null,
                        true,
                        VastSettings.Rental.Interruptible),
                new BigDecimal("20"),
                500);

        client(settings).listOffers();

        StubServer.Recorded request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v0/bundles/");
        assertThat(request.query()).isNull();
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = ProviderJson.MAPPER.readTree(request.body());
        assertThat(body.get("limit").asInt()).isEqualTo(501);
        assertThat(body.get("type").asText()).isEqualTo("bid");
        assertThat(body.get("allocated_storage").decimalValue()).isEqualByComparingTo("20");
        assertThat(body.at("/gpu_name/in")).extracting(JsonNode::asText).containsExactly("RTX 4090", "H100 SXM");
        assertThat(body.at("/num_gpus/gte").asInt()).isEqualTo(2);
        assertThat(body.at("/gpu_ram/gte").asInt()).isEqualTo(24 * 1024 - 512);
        assertThat(body.at("/geolocation/in")).extracting(JsonNode::asText).containsExactly("US", "CA");
        assertThat(body.at("/verified/eq").asBoolean()).isTrue();
        assertThat(body.at("/datacenter/eq").asBoolean()).isTrue();
        assertThat(body.at("/rentable/eq").asBoolean()).isTrue();
        assertThat(body.at("/rented/eq").asBoolean()).isFalse();
        assertThat(body.at("/external/eq").asBoolean()).isFalse();
        assertThat(body.get("order").toString()).isEqualTo("[[\"dph_total\",\"asc\"]]");
    }

    @Test
    void defaultSearchIsOnDemandVerifiedWithFiveGbAndNoGpuFilter() throws Exception {
        server.replies(Reply.ok(offers(1)));
        client().listOffers();
        JsonNode body = ProviderJson.MAPPER.readTree(server.requests().get(0).body());
        assertThat(body.get("type").asText()).isEqualTo("on-demand");
        assertThat(body.get("limit").asInt()).isEqualTo(VastSettings.DEFAULT_LIMIT + 1);
        assertThat(body.get("allocated_storage").decimalValue()).isEqualByComparingTo("5");
        assertThat(body.has("gpu_name")).isFalse();
        assertThat(body.at("/verified/eq").asBoolean()).isTrue();
    }

    @Test
    void aResponseAsLongAsTheRequestedLimitIsIncompleteAndCutToTheAccountsLimit() {
        server.replies(Reply.ok(offers(64)));

        Listing<OfferObservation> listing = client(limit(63)).listOffers();

        assertThat(listing.isComplete()).isFalse();
        assertThat(listing.incomplete().reason()).isEqualTo(Listing.Reason.LimitReached);
        assertThat(listing.incomplete().message()).contains("64", "63");
        assertThat(listing.items()).hasSize(63);
        assertThat(listing.expected()).isNull();
    }

    @Test
    void fewerOffersThanTheLimitIsComplete() {
        server.replies(Reply.ok(offers(63)));
        Listing<OfferObservation> listing = client(limit(63)).listOffers();
        assertThat(listing.isComplete()).isTrue();
        assertThat(listing.items()).hasSize(63);
    }

    @Test
    void exactlySixtyFourWhenMoreWereAskedForIsTheServersDefaultCapAndIncomplete() {
        server.replies(Reply.ok(offers(64)));
        Listing<OfferObservation> listing = client(limit(500)).listOffers();
        assertThat(listing.isComplete()).isFalse();
        assertThat(listing.incomplete().reason()).isEqualTo(Listing.Reason.LimitReached);
        assertThat(listing.incomplete().message()).contains("default");
        assertThat(listing.items()).hasSize(64);
    }

    @Test
    void offersRentedByTheAccountAreDroppedAndDuplicatesListedOnce() throws Exception {
        ObjectNode body = (ObjectNode) ProviderJson.MAPPER.readTree(offers(3));
        ((ObjectNode) body.get("offers").get(1)).put("rented", true);
        ((ArrayNode) body.get("offers")).add(body.get("offers").get(0).deepCopy());
        server.replies(Reply.ok(body.toString()));
        assertThat(client().listOffers().items())
                .extracting(OfferObservation::externalId)
                .containsExactly("1", "3");
    }

    @Test
    void anAccountThatMirrorsOnlyInstancesListsNoOffersCompletelyWithoutARequest() {
        VastSettings instancesOnly = new VastSettings(Set.of(VastSettings.Listings.Instances), null, null, 100);
        Listing<OfferObservation> listing = client(instancesOnly).listOffers();
        assertThat(listing.isComplete()).isTrue();
        assertThat(listing.items()).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void plainTextTooManyRequestsWithoutRetryAfterIsRateLimited() {
        server.replies(
                new Reply(429, "API requests too frequent endpoint threshold=1.0", java.util.Map.of(), false, 0));

        assertThatThrownBy(() -> client().listOffers()).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.retryAfter()).isEmpty();
            assertThat(e.getMessage()).contains("API requests too frequent");
        });
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void tooManyRequestsWithoutRetryAfterIsRetriedWithABoundedJitteredBackoff() {
        server.replies(
                new Reply(429, "API requests too frequent", java.util.Map.of(), false, 0),
                new Reply(
                        429,
                        "{\"detail\": \"API requests too frequent endpoint threshold=1.0\"}",
                        java.util.Map.of(),
                        false,
                        0),
                Reply.ok(offers(1)));
        ResilienceSettings retries = TestAccounts.fast().withRetries(2, Duration.ofMillis(200), Duration.ofMillis(400));
        VastClient client = new VastClient(account(retries), VastSettings.defaults());

        assertThat(client.listOffers().items()).hasSize(1);

        List<StubServer.Recorded> requests = server.requests();
        assertThat(requests).hasSize(3);
        long first = (requests.get(1).nanos() - requests.get(0).nanos()) / 1_000_000;
        long second = (requests.get(2).nanos() - requests.get(1).nanos()) / 1_000_000;
        // Equal jitter: half the exponential delay plus a random share of the other half.
        assertThat(first).isBetween(100L, 3_000L);
        assertThat(second).isBetween(200L, 3_000L);
    }

    @Test
    void aRateLimitThatOutlastsTheRetriesFailsTheCallWithoutHoldingLaterCalls() {
        server.replies(
                new Reply(429, "API requests too frequent", java.util.Map.of(), false, 0),
                new Reply(429, "API requests too frequent", java.util.Map.of(), false, 0),
                Reply.ok(offers(1)));
        ResilienceSettings retries = TestAccounts.fast().withRetries(1, Duration.ofMillis(20), Duration.ofMillis(40));
        VastClient client = new VastClient(account(retries), VastSettings.defaults());

        assertThatThrownBy(client::listOffers).isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind())
                .isEqualTo(ProviderException.Kind.RATE_LIMITED));
        assertThat(server.requests()).hasSize(2);
        assertThat(client.listOffers().items()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404})
    void invalidUserKeyIsAnAuthFailureWhateverTheStatus(int status) {
        server.replies(
                Reply.json(status, "{\"success\": false, \"error\": \"auth_error\", \"msg\": \"Invalid user key\"}"));

        assertThatThrownBy(() -> client().listOffers()).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.AUTH);
            assertThat(e.httpStatus()).isEqualTo(status);
            assertThat(e.providerCode()).contains("auth_error");
            assertThat(e.providerMessage()).contains("Invalid user key");
            assertThat(e.getMessage()).doesNotContain(KEY);
        });
    }

    @Test
    void aNotFoundThatIsNotAboutTheKeyStaysNotFound() {
        server.replies(Reply.json(
                404, "{\"success\": false, \"error\": \"no_such_instance\", \"msg\": \"Instance 7 not found.\"}"));
        assertThatThrownBy(() -> client().getMachine("7"))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_FOUND));
    }

    @Test
    void exampleInstanceMapsAddressGpuPriceLabelImageAndContractEnd() {
        server.replies(Reply.ok(page(null, 1, fixture("vast-instance.json"))));

        Listing<MachineObservation> listing = client().listMachines();

        assertThat(listing.isComplete()).isTrue();
        MachineObservation m = listing.items().get(0);
        assertThat(m.externalId()).isEqualTo("24567890");
        assertThat(m.name()).isEqualTo("mirror-demo");
        assertThat(m.state()).isEqualTo(MachineState.RUNNING);
        assertThat(m.providerState()).isEqualTo("running");
        assertThat(m.intendedSuspended()).isFalse();
        assertThat(m.waitingReason()).isNull();
        assertThat(m.addresses()).containsExactly("203.0.113.17");
        assertThat(m.runtime()).isEqualTo("pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime");
        assertThat(m.node()).isEqualTo("31234");
        assertThat(m.createdAt()).isEqualTo(Instant.ofEpochSecond(1_786_100_000L, 250_000_000));
        assertThat(m.facts()).isInstanceOfSatisfying(MachineObservation.VastFacts.class, f -> {
            assertThat(f.intendedStatus()).isEqualTo("running");
            assertThat(f.gpuName()).isEqualTo("RTX 4090");
            assertThat(f.gpuCount()).isEqualTo(1);
            assertThat(f.gpuRamGib()).isEqualByComparingTo("23.98828125");
            assertThat(f.pricePerHourUsd().toPlainString()).isEqualTo("0.30416666666666664");
            assertThat(f.storagePerHourUsd().toPlainString()).isEqualTo("0.004166666666666667");
            assertThat(f.contractEnd()).isEqualTo(Instant.ofEpochSecond(1_793_000_000L));
            assertThat(f.localAddresses()).containsExactly("10.0.0.5", "172.17.0.1");
            assertThat(f.country()).isEqualTo("US");
            assertThat(f.sshHost()).isEqualTo("ssh6.vast.ai");
            assertThat(f.sshPort()).isEqualTo(14562);
            assertThat(f.image()).isEqualTo("pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime");
        });
    }

    @Test
    void noSecretReachesAnObservationNorItsText() {
        ObjectNode leaky = fixture("vast-instance.json");
        leaky.put("status_msg", "error pulling image with key " + KEY);
        leaky.put("intended_status", "running").put("actual_status", "exited");
        server.handler(r -> r.path().startsWith("/api/v1/")
                ? Reply.ok(page(null, 2, fixture("vast-instance.json"), leaky.put("id", 2)))
                : Reply.ok(show(fixture("vast-instance.json"))));

        VastClient client = client();
        List<String> texts = new ArrayList<>();
        client.listMachines().items().forEach(m -> texts.add(m.toString()));
        texts.add(client.getMachine("24567890").toString());

        assertThat(texts).hasSize(3).allSatisfy(text -> {
            for (String secret : SECRETS) {
                assertThat(text).doesNotContain(secret);
            }
            assertThat(text)
                    .doesNotContain("jupyter")
                    .doesNotContain("HF_TOKEN")
                    .doesNotContain("API_SECRET");
        });
        assertThat(texts.get(1)).contains("error pulling image");
    }

    @Test
    void localAddressesAreReadAsAStringOrAList() throws Exception {
        assertThat(VastMapping.localAddresses(ProviderJson.MAPPER.readTree("\"10.0.0.5 172.17.0.1 \\n\"")))
                .containsExactly("10.0.0.5", "172.17.0.1");
        assertThat(VastMapping.localAddresses(ProviderJson.MAPPER.readTree("[\"10.0.0.5\", \" \"]")))
                .containsExactly("10.0.0.5");
        assertThat(VastMapping.localAddresses(null)).isEmpty();
    }

    @Test
    void instancesAreFollowedOverCursorPagesOfTwentyFive() {
        ObjectNode[] first = new ObjectNode[25];
        for (int i = 0; i < 25; i++) {
            first[i] = instance(100 + i);
        }
        server.handler(r -> {
            String query = r.query() == null ? "" : r.query();
            if (!query.contains("after_token")) {
                return Reply.ok(page("tok/1+", 27, first));
            }
            return Reply.ok(page(null, 27, instance(200), instance(201)));
        });

        Listing<MachineObservation> listing = client().listMachines();

        assertThat(listing.isComplete()).isTrue();
        assertThat(listing.items()).hasSize(27);
        assertThat(listing.expected()).isEqualTo(27);
        List<StubServer.Recorded> requests = server.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).target()).isEqualTo("/api/v1/instances/?limit=25");
        assertThat(requests.get(1).target()).isEqualTo("/api/v1/instances/?limit=25&after_token=tok%2F1%2B");
        assertThat(requests.get(1).header("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void aRepeatedTokenEndsTheListingAsIncomplete() {
        server.handler(r -> Reply.ok(page("same", null, instance(r.query().contains("after_token") ? 2 : 1))));
        Listing<MachineObservation> listing = client().listMachines();
        assertThat(listing.incomplete().reason()).isEqualTo(Listing.Reason.CursorRepeated);
        assertThat(listing.items()).extracting(MachineObservation::externalId).containsExactly("1", "2");
    }

    @Test
    void aTotalThatDisagreesWithTheInstancesSeenIsIncomplete() {
        server.replies(Reply.ok(page(null, 3, instance(1), instance(2))));
        Listing<MachineObservation> listing = client().listMachines();
        assertThat(listing.incomplete().reason()).isEqualTo(Listing.Reason.CountMismatch);
    }

    @Test
    void getMachineReadsTheSingleObjectEnvelope() {
        server.replies(Reply.ok(show(fixture("vast-instance.json"))));
        MachineObservation m = client().getMachine("24567890");
        assertThat(m.externalId()).isEqualTo("24567890");
        assertThat(server.requests().get(0).target()).isEqualTo("/api/v0/instances/24567890/?owner=me");
    }

    @Test
    void aDestroyedInstanceShownAsNullIsNotFound() {
        server.replies(Reply.ok("{\"instances\": null}"));
        assertThatThrownBy(() -> client().getMachine("24567890")).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_FOUND);
            assertThat(e.providerCode()).contains("no_such_instance");
        });
    }

    @Test
    void aNonNumericIdIsNotFoundWithoutARequest() {
        assertThatThrownBy(() -> client().getMachine("../bundles"))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> client().requestSuspended("1 2", true)).isInstanceOf(ProviderException.class);
        assertThat(server.requests()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"true,stopped", "false,running"})
    void requestSuspendedSendsExactlyOnePutWithTheLevel(boolean suspended, String state) throws Exception {
        server.replies(Reply.ok("{\"success\": true}"));

        client().requestSuspended("24567890", suspended);

        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.target()).isEqualTo("/api/v0/instances/24567890/");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY);
            assertThat(ProviderJson.MAPPER.readTree(r.body()))
                    .isEqualTo(ProviderJson.MAPPER.readTree("{\"state\": \"" + state + "\"}"));
        });
    }

    @Test
    void aRefusedChangeFailsWithTheProvidersMessage() {
        server.replies(
                Reply.ok("{\"success\": false, \"msg\": \"Instance 5 cannot be started: its contract ended.\"}"));
        assertThatThrownBy(() -> client().requestSuspended("5", false))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.CLIENT_ERROR);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getMessage()).contains("contract ended");
                });
        assertThat(server.requests()).hasSize(1);
    }

    /** intended, actual, status_msg, end date offset from now (hours; blank: none), credit, state, reason fragment. */
    @ParameterizedTest(name = "{0} + {1} ({2}) -> {5}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "running|running|success, running x/ssh|-|-|RUNNING|-",
                "running|-|-|-|-|PROVISIONING|-",
                "running|created|-|-|-|PROVISIONING|-",
                "running|loading|Pulling fs layer|-|-|PROVISIONING|-",
                "running|rebooting|-|-|-|RESUMING|-",
                "running|stopped|-|-|-|RESUMING|-",
                "running|exited|-|-|-|RESUMING|-",
                "running|stopped|Scheduling: the GPUs are rented by another user|-|-|RESUMING|waiting for GPUs",
                "running|stopped|GPUs unavailable|-|-|RESUMING|waiting for GPUs",
                "running|exited|Error response from daemon: OCI runtime create failed|-|-|STOPPED|container exited",
                "running|stopped|Instance stopped: outbid by a higher bid|-|-|STOPPED|outbid",
                "running|stopped|-|-1|-|STOPPED|contract ended",
                "running|stopped|-|-|0|STOPPED|credit",
                "stopped|running|-|-|-|SUSPENDING|-",
                "stopped|loading|-|-|-|SUSPENDING|-",
                "stopped|stopped|-|-|-|SUSPENDED|-",
                "stopped|exited|-|-|-|SUSPENDED|-",
                "stopped|stopped|Instance stopped: outbid|-1|0|SUSPENDED|-",
                "running|unknown|-|-|-|UNKNOWN|not reported",
                "stopped|offline|-|-|-|UNKNOWN|offline",
                "frozen|frozen|-|-|-|PAUSED|-",
                "frozen|running|-|-|-|RUNNING|-",
                "running|something-new|-|-|-|UNKNOWN|-",
            })
    void instancePhaseTable(
            String intended,
            String actual,
            String message,
            Integer endInHours,
            String credit,
            MachineState state,
            String reason) {
        Instant end = endInHours == null ? null : NOW.plus(Duration.ofHours(endInHours));
        VastInstanceStates.Reading reading = VastInstanceStates.read(
                intended, actual, message, end, credit == null ? null : new BigDecimal(credit), NOW);
        assertThat(reading.state()).isEqualTo(state);
        if (reason == null) {
            assertThat(reading.waitingReason()).isNull();
        } else {
            assertThat(reading.waitingReason()).containsIgnoringCase(reason);
        }
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "-",
            value = {"running,false", "stopped,true", "frozen,-", "-,-"})
    void intendedSuspendedFollowsTheIntendedStatus(String intended, Boolean suspended) {
        assertThat(VastInstanceStates.intendedSuspended(intended)).isEqualTo(suspended);
    }

    @Test
    void instanceWaitingForGpusCarriesTheReasonIntoItsObservation() {
        ObjectNode waiting = fixture("vast-instance.json")
                .put("intended_status", "running")
                .put("actual_status", "stopped")
                .put("status_msg", "Scheduling: waiting for GPUs")
                // The example's end date (October 2026) is before NOW.
                .put("end_date", NOW.plus(Duration.ofDays(30)).getEpochSecond());
        server.replies(Reply.ok(show(waiting)));
        MachineObservation m = client().getMachine("24567890");
        assertThat(m.state()).isEqualTo(MachineState.RESUMING);
        assertThat(m.intendedSuspended()).isFalse();
        assertThat(m.waitingReason()).contains("waiting for GPUs");
    }

    @Test
    void kindDeclaresOffersMachinesAndLevelSuspend() {
        VastKind kind = new VastKind();
        assertThat(kind.name()).isEqualTo("Vast");
        assertThat(kind.defaultEndpoint()).hasToString("https://console.vast.ai");
        assertThat(kind.settingsType()).isEqualTo(VastSettings.class);
        assertThat(kind.capabilities().listsMachines()).isTrue();
        assertThat(kind.capabilities().listsOffers()).isTrue();
        assertThat(kind.capabilities().suspendStyle()).isEqualTo(io.computemirror.provider.SuspendStyle.LEVEL);
        assertThat(kind.capabilities().canSuspend()).isTrue();
        VastSettings settings = new VastSettings(null, null, null, 7);
        ProviderAccount account = ProviderAccount.builder("ns/vast", kind, Credential.of(KEY))
                .settings(settings)
                .build();
        assertThat(kind.client(account)).isInstanceOf(VastClient.class);
        assertThat(((VastClient) kind.client(account)).settings()).isEqualTo(settings);
    }
}
