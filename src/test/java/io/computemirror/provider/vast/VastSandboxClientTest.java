package io.computemirror.provider.vast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.computemirror.provider.Credential;
import io.computemirror.provider.Listing;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.MachineState;
import io.computemirror.provider.OfferObservation;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderException;
import io.computemirror.provider.TestAccounts;
import io.computemirror.sandbox.VastSimulator;

/** The Vast client against the sandbox's Vast simulator: search, paging, a stop and a start that waits for GPUs. */
class VastSandboxClientTest {

    private final MovableClock clock = new MovableClock();
    private VastSimulator vast;

    @BeforeEach
    void start() {
        vast = new VastSimulator()
                .withClock(clock)
                .withOffers(300)
                .withInstances(60)
                .withHostDelay(Duration.ofSeconds(10))
                .start();
    }

    @AfterEach
    void stop() {
        vast.close();
    }

    private VastClient client(VastSettings settings, String key) {
        ProviderAccount account = ProviderAccount.builder("sandbox/vast", new VastKind(), Credential.of(key))
                .endpoint(URI.create(vast.baseUrl()))
                .allowInsecureEndpoint(true)
                // Generous timeouts: the machine running the tests is shared.
                .resilience(TestAccounts.fast().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(15)))
                .build();
        return new VastClient(account, settings, clock);
    }

    private VastClient client() {
        return client(VastSettings.defaults(), vast.token());
    }

    @Test
    void theWholeMarketFitsUnderTheLimitAndIsComplete() {
        Listing<OfferObservation> listing = client().listOffers();
        assertThat(listing.isComplete()).isTrue();
        // Verified offers only, by default.
        assertThat(listing.items()).isNotEmpty().hasSizeLessThan(300);
        assertThat(listing.items()).allSatisfy(o -> {
            assertThat(o.verification()).isEqualTo("verified");
            assertThat(o.prices()).singleElement().satisfies(p -> assertThat(p.amount())
                    .isPositive());
            assertThat(o.country()).matches("[A-Z]{2}");
        });
        List<BigDecimal> prices =
                listing.items().stream().map(o -> o.prices().get(0).amount()).toList();
        assertThat(prices).isSorted();
    }

    @Test
    void aMarketLargerThanTheLimitIsIncompleteAndKeepsTheCheapest() {
        VastSettings everything = new VastSettings(
                null, new VastSettings.OfferFilter(null, null, null, null, false, false, null), null, 100);
        Listing<OfferObservation> listing = client(everything, vast.token()).listOffers();
        assertThat(listing.isComplete()).isFalse();
        assertThat(listing.incomplete().reason()).isEqualTo(Listing.Reason.LimitReached);
        assertThat(listing.items()).hasSize(100);
    }

    @Test
    void aGpuFilterSelectsOnlyThoseModelsWithEnoughMemory() {
        VastSettings h100 = new VastSettings(
                Set.of(VastSettings.Listings.Offers),
                new VastSettings.OfferFilter(List.of("H100_SXM", "RTX 4090"), 2, 24, List.of("US"), false, false, null),
                null,
                1000);
        List<OfferObservation> offers = client(h100, vast.token()).listOffers().items();
        assertThat(offers).isNotEmpty().allSatisfy(o -> {
            assertThat(o.gpus()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(o.gpus().get(0).name()).isIn("H100 SXM", "RTX 4090");
            assertThat(o.gpus().get(0).memoryGb()).isGreaterThanOrEqualTo(new BigDecimal("24"));
            assertThat(o.country()).isEqualTo("US");
        });
    }

    @Test
    void sixtyInstancesComeInThreePages() {
        Listing<MachineObservation> listing = client().listMachines();
        assertThat(listing.isComplete()).isTrue();
        assertThat(listing.items()).hasSize(60);
        assertThat(listing.items()).allSatisfy(m -> assertThat(m.state()).isEqualTo(MachineState.RUNNING));
        assertThat(vast.requests().count("/api/v1/instances/")).isEqualTo(3);
    }

    @Test
    void aStopGoesThroughSuspendingToSuspendedAndAStartCanWaitForGpus() {
        VastClient client = client();
        String id = Long.toString(vast.instanceIds().get(0));

        client.requestSuspended(id, true);
        MachineObservation stopping = client.getMachine(id);
        assertThat(stopping.state()).isEqualTo(MachineState.SUSPENDING);
        assertThat(stopping.intendedSuspended()).isTrue();

        clock.advance(Duration.ofSeconds(10));
        assertThat(client.getMachine(id).state()).isEqualTo(MachineState.SUSPENDED);

        vast.gpusTaken(Long.parseLong(id), true);
        client.requestSuspended(id, false);
        clock.advance(Duration.ofMinutes(2));
        MachineObservation waiting = client.getMachine(id);
        assertThat(waiting.state()).isEqualTo(MachineState.RESUMING);
        assertThat(waiting.intendedSuspended()).isFalse();
        assertThat(waiting.waitingReason()).contains("waiting for GPUs");

        vast.gpusTaken(Long.parseLong(id), false);
        clock.advance(Duration.ofSeconds(10));
        MachineObservation running = client.getMachine(id);
        assertThat(running.state()).isEqualTo(MachineState.RUNNING);
        assertThat(running.waitingReason()).isNull();
        assertThat(vast.stateRequests())
                .extracting(VastSimulator.StateRequest::state)
                .containsExactly("stopped", "running");
    }

    @Test
    void anUnrequestedStopThatKeepsTheIntendedLevelIsStoppedWithTheReason() {
        VastClient client = client();
        long id = vast.instanceIds().get(1);
        vast.stopUnrequested(id, "outbid", false);
        MachineObservation m = client.getMachine(Long.toString(id));
        assertThat(m.state()).isEqualTo(MachineState.STOPPED);
        assertThat(m.intendedSuspended()).isFalse();
        assertThat(m.waitingReason()).contains("outbid");
    }

    @Test
    void aDestroyedInstanceIsNotFound() {
        long id = vast.instanceIds().get(2);
        vast.destroy(id);
        assertThatThrownBy(() -> client().getMachine(Long.toString(id)))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_FOUND));
    }

    @Test
    void aWrongKeyAnsweredWith404IsAnAuthFailure() {
        vast.withBadKeyStatus(404);
        assertThatThrownBy(() -> client(VastSettings.defaults(), "wrong-key").listMachines())
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.AUTH));
    }

    @Test
    void thePlainRateLimitFaultIsRateLimited() {
        vast.faults().rateLimitedWithoutRetryAfter(1);
        assertThatThrownBy(() -> client().listOffers()).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).isEmpty();
        });
    }

    /** The simulator's and the client's clock, moved by the test. */
    private static final class MovableClock extends java.time.Clock {
        private volatile java.time.Instant now = java.time.Instant.parse("2026-12-07T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }
}
