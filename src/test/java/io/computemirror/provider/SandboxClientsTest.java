package io.computemirror.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.provider.akua.AkuaClient;
import io.computemirror.provider.akua.AkuaSettings;
import io.computemirror.provider.clore.CloreClient;
import io.computemirror.provider.clore.CloreSettings;
import io.computemirror.provider.quiva.QuivaClient;
import io.computemirror.sandbox.AkuaSimulator;
import io.computemirror.sandbox.CloreSimulator;
import io.computemirror.sandbox.QuivaSimulator;
import io.computemirror.sandbox.RequestLog;

/** The provider clients against the project's sandbox simulators of the three APIs. */
class SandboxClientsTest {

    private static ProviderAccount.Builder account(ProviderType type, String baseUrl, Credential credential) {
        return ProviderAccount.builder("sandbox/" + type.name().toLowerCase(), TestAccounts.kind(type), credential)
                .endpoint(URI.create(baseUrl))
                .allowInsecureEndpoint(true)
                .resilience(TestAccounts.fast().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    @Test
    void cloreListsTenThousandOffersInExactlyCeilTotalOverPageSizeRequests() {
        try (CloreSimulator sim = new CloreSimulator().withOffers(10_000).start()) {
            CloreClient client = new CloreClient(account(ProviderType.Clore, sim.baseUrl(), Credential.of(sim.token()))
                    .settings(new CloreSettings(null, 100, 20_000))
                    .build());

            List<OfferObservation> offers = client.listOffers().items();

            assertThat(offers).hasSize(10_000);
            assertThat(offers.stream().map(OfferObservation::externalId).collect(Collectors.toSet()))
                    .hasSize(10_000);
            assertThat(sim.requests().count(CloreSimulator.PATH)).isEqualTo(100);
            assertThat(offers).allSatisfy(o -> assertThat(o.prices())
                    .allSatisfy(p -> assertThat(p.amount()).isNotNull()));
        }
    }

    @Test
    void clorePageSizeThatDoesNotDivideTheTotal() {
        try (CloreSimulator sim = new CloreSimulator().withOffers(1_001).start()) {
            CloreClient client = new CloreClient(account(ProviderType.Clore, sim.baseUrl(), Credential.of(sim.token()))
                    .settings(new CloreSettings(null, 100, CloreSettings.DEFAULT_MAX_OFFERS))
                    .build());

            assertThat(client.listOffers().items()).hasSize(1_001);
            assertThat(sim.requests().count(CloreSimulator.PATH)).isEqualTo(11);
        }
    }

    @Test
    void akuaListFollowsCursorsThrough250Machines() {
        try (AkuaSimulator sim = new AkuaSimulator().withMachines(250).start()) {
            AkuaClient client = new AkuaClient(account(ProviderType.Akua, sim.baseUrl(), Credential.of(sim.token()))
                    .settings(new AkuaSettings(AkuaSimulator.WORKSPACE_ID))
                    .build());

            List<MachineObservation> machines = client.listMachines().items();

            assertThat(machines).hasSize(250);
            assertThat(machines.stream().map(MachineObservation::externalId).collect(Collectors.toSet()))
                    .isEqualTo(Set.copyOf(sim.machineIds()));
            assertThat(machines).allSatisfy(m -> {
                assertThat(m.etag()).isNotBlank();
                assertThat(m.state()).isNotEqualTo(MachineState.UNKNOWN);
            });
            assertThat(sim.requests().count("/v1/machines")).isEqualTo(3);
        }
    }

    @Test
    void akuaStaleEtagGets409AndSucceedsAfterReRead() {
        try (AkuaSimulator sim = new AkuaSimulator()
                .withMachines(3)
                .withOperationDuration(Duration.ofMillis(300))
                .start()) {
            AkuaClient client = new AkuaClient(account(ProviderType.Akua, sim.baseUrl(), Credential.of(sim.token()))
                    .settings(new AkuaSettings(AkuaSimulator.WORKSPACE_ID))
                    .build());
            String id = sim.machineIds().stream()
                    .filter(m -> sim.machine(m).orElseThrow().state().equals("ACTIVE"))
                    .findFirst()
                    .orElseThrow();
            MachineObservation before = client.getMachine(id);
            // Someone else changes the machine after our read: our etag is now stale.
            sim.setState(id, "PROVISIONING");
            sim.setState(id, "ACTIVE");

            assertThatThrownBy(() -> client.suspend(id, before.etag(), "uid-1-gen-2-suspend"))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONFLICT);
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.details()).containsKey("current_etag");
                    });

            MachineObservation fresh = client.getMachine(id);
            assertThat(fresh.etag()).isNotEqualTo(before.etag());
            OperationObservation op = client.suspend(id, fresh.etag(), "uid-1-gen-2-suspend");
            assertThat(op.id()).isNotBlank();
            assertThat(op.action()).isEqualTo("machine.suspend");

            OperationObservation done = op;
            for (int i = 0; i < 100 && !done.done(); i++) {
                sleep(Duration.ofMillis(100));
                done = client.getOperation(op.id());
            }
            assertThat(done.done()).isTrue();
            assertThat(done.state()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(client.getMachine(id).state()).isEqualTo(MachineState.SUSPENDED);
            assertThat(client.getMachine(id).suspension()).isNotNull();
        }
    }

    @Test
    void akuaSameIdempotencyKeyYieldsOneOperation() {
        try (AkuaSimulator sim = new AkuaSimulator()
                .withMachines(3)
                .withOperationDuration(Duration.ofSeconds(5))
                .start()) {
            AkuaClient client = new AkuaClient(account(ProviderType.Akua, sim.baseUrl(), Credential.of(sim.token()))
                    .settings(new AkuaSettings(AkuaSimulator.WORKSPACE_ID))
                    .build());
            String id = sim.machineIds().stream()
                    .filter(m -> sim.machine(m).orElseThrow().state().equals("ACTIVE"))
                    .findFirst()
                    .orElseThrow();
            MachineObservation m = client.getMachine(id);

            OperationObservation first = client.suspend(id, m.etag(), "uid-9-gen-1-suspend");
            // A retry after a lost response: same key, and the etag has moved on (SUSPENDING).
            OperationObservation second = client.suspend(id, m.etag(), "uid-9-gen-1-suspend");

            assertThat(second.id()).isEqualTo(first.id());
            assertThat(sim.operationsForIdempotencyKey("uid-9-gen-1-suspend")).hasSize(1);
            assertThat(client.getOperation(first.id()).id()).isEqualTo(first.id());
        }
    }

    @Test
    void quivaApiKeyAgainstTheSimulator() {
        try (QuivaSimulator sim = new QuivaSimulator().withMachines(12).start()) {
            QuivaClient client = new QuivaClient(
                    account(ProviderType.Quiva, sim.baseUrl(), Credential.of(QuivaSimulator.DEFAULT_API_KEY))
                            .build());

            List<MachineObservation> machines = client.listMachines().items();

            assertThat(machines).hasSize(12);
            assertThat(machines)
                    .extracting(MachineObservation::externalId)
                    .contains(QuivaSimulator.DOC_MACHINE_ID, QuivaSimulator.CASE_TWIN_MACHINE_ID);
            assertThat(machines).allSatisfy(mo -> assertThat(mo.state())
                    .isIn(MachineState.RUNNING, MachineState.PAUSED, MachineState.STOPPED));
            assertThat(sim.requests().count("/accounts/auth-with-api-key")).isEqualTo(1);
        }
    }

    @Test
    void simulatorRateLimitIsHonoured() {
        try (CloreSimulator sim = new CloreSimulator().withOffers(50).start()) {
            sim.faults().rateLimited(1, Duration.ofSeconds(2));
            CloreClient client = new CloreClient(account(ProviderType.Clore, sim.baseUrl(), Credential.of(sim.token()))
                    .resilience(TestAccounts.fast().withRetries(2, Duration.ofMillis(20), Duration.ofMillis(100)))
                    .build());

            assertThat(client.listOffers().items()).hasSize(50);

            List<RequestLog.Entry> entries = sim.requests().forPath(CloreSimulator.PATH);
            assertThat(entries).hasSize(2);
            assertThat(entries.get(0).status()).isEqualTo(429);
            assertThat(Duration.between(entries.get(0).time(), entries.get(1).time()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
