package io.computemirror.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.computemirror.actuation.FakeMachineLifecycle.Request;
import io.computemirror.actuation.OperationRunner.AlreadyThere;
import io.computemirror.actuation.OperationRunner.Busy;
import io.computemirror.actuation.OperationRunner.Ended;
import io.computemirror.actuation.OperationRunner.NotYet;
import io.computemirror.actuation.OperationRunner.Refused;
import io.computemirror.actuation.OperationRunner.Running;
import io.computemirror.actuation.OperationRunner.Started;
import io.computemirror.actuation.OperationRunner.Unavailable;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.provider.MachineState;
import io.computemirror.provider.OperationState;
import io.computemirror.provider.ProviderException;
import io.computemirror.provider.ProviderException.Kind;

/** The provider side of the actuation against an in-memory Akua: no API server, no HTTP, milliseconds per case. */
class OperationRunnerTest {

    private static final String KEY = ActuationRules.idempotencyKey("uid-1", 2, Action.Suspend);

    private final FakeMachineLifecycle akua = new FakeMachineLifecycle().machine("mch_1", MachineState.RUNNING);
    private final OperationRunner runner = new OperationRunner(akua);

    @Test
    void aSuspendReadsAFreshEtagAndSendsItWithTheKey() {
        OperationRunner.Start outcome = runner.start("mch_1", Action.Suspend, KEY);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        Started.class, s -> assertThat(s.operation().id()).isEqualTo("op_1"));
        assertThat(akua.requests()).extracting(Request::call).containsExactly("getMachine", "suspend");
        assertThat(akua.writes()).singleElement().satisfies(w -> {
            assertThat(w.etag()).isEqualTo("W/\"mch_1-1\"");
            assertThat(w.key()).isEqualTo(KEY);
        });
        assertThat(akua.state("mch_1")).isEqualTo(MachineState.SUSPENDING);
    }

    @Test
    void aStaleEtagIsReadAgainAndSentAgainWithTheSameKey() {
        akua.staleEtagOnNextWrites(1);

        OperationRunner.Start outcome = runner.start("mch_1", Action.Suspend, KEY);

        assertThat(outcome).isInstanceOf(Started.class);
        assertThat(akua.requests())
                .extracting(Request::call)
                .containsExactly("getMachine", "suspend", "getMachine", "suspend");
        assertThat(akua.writes()).extracting(Request::answer).containsExactly("409 ABORTED", "op_1");
        assertThat(akua.writes()).extracting(Request::key).containsOnly(KEY);
        assertThat(akua.writes().get(1).etag())
                .isNotEqualTo(akua.writes().get(0).etag());
        assertThat(akua.operationCount()).isOne();
    }

    @Test
    void anEtagThatStaysStaleGivesUpAfterThreeAttemptsAndWaits() {
        akua.staleEtagOnNextWrites(OperationRunner.ETAG_ATTEMPTS);

        assertThat(runner.start("mch_1", Action.Suspend, KEY)).isInstanceOf(Busy.class);
        assertThat(akua.writes())
                .hasSize(OperationRunner.ETAG_ATTEMPTS)
                .extracting(Request::answer)
                .containsOnly("409 ABORTED");
        assertThat(akua.operationCount()).isZero();
    }

    @Test
    void theSameKeySentAgainAfterACrashReturnsTheSameOperation() {
        String first = ((Started) runner.start("mch_1", Action.Suspend, KEY))
                .operation()
                .id();
        // The operator died before recording the operation; the machine is SUSPENDING now, which is acted on again.
        OperationRunner afterRestart = new OperationRunner(akua);
        OperationRunner.Start again = afterRestart.start("mch_1", Action.Suspend, KEY);

        assertThat(again)
                .isInstanceOfSatisfying(
                        Started.class, s -> assertThat(s.operation().id()).isEqualTo(first));
        assertThat(akua.operationCount()).isOne();
        assertThat(akua.writes()).extracting(Request::key).containsOnly(KEY);
    }

    @Test
    void aRecordedOperationIsFollowedAfterARestartWithoutASecondRequest() {
        String id = ((Started) runner.start("mch_1", Action.Suspend, KEY))
                .operation()
                .id();
        OperationRunner afterRestart = new OperationRunner(akua);

        assertThat(afterRestart.check(id)).isInstanceOf(Running.class);
        akua.finish(id, OperationState.SUCCEEDED, null);
        assertThat(afterRestart.check(id)).isEqualTo(new Ended(OperationState.SUCCEEDED, null));
        assertThat(akua.writes()).hasSize(1);
        assertThat(afterRestart.read("mch_1"))
                .hasValueSatisfying(m -> assertThat(m.state()).isEqualTo(MachineState.SUSPENDED));
    }

    static Stream<Arguments> endings() {
        return Stream.of(
                Arguments.of(OperationState.SUCCEEDED, null, new Ended(OperationState.SUCCEEDED, null)),
                Arguments.of(
                        OperationState.FAILED,
                        "snapshot storage quota exceeded",
                        new Ended(OperationState.FAILED, "snapshot storage quota exceeded")),
                Arguments.of(
                        OperationState.CANCELLED,
                        "cancelled by the user",
                        new Ended(OperationState.CANCELLED, "cancelled by the user")),
                // No message from the provider: the state itself is the message.
                Arguments.of(
                        OperationState.FAILED,
                        null,
                        new Ended(OperationState.FAILED, "the provider reports state FAILED")));
    }

    @ParameterizedTest
    @MethodSource("endings")
    void anOperationEndsAsTheProviderSays(OperationState state, String error, Ended expected) {
        String id = ((Started) runner.start("mch_1", Action.Suspend, KEY))
                .operation()
                .id();
        akua.finish(id, state, error);

        assertThat(runner.check(id)).isEqualTo(expected);
    }

    @Test
    void anOperationTheProviderNoLongerKnowsEndsFailed() {
        String id = ((Started) runner.start("mch_1", Action.Suspend, KEY))
                .operation()
                .id();
        akua.forgetOperation(id);

        assertThat(runner.check(id))
                .isEqualTo(new Ended(OperationState.FAILED, "operation " + id + " no longer exists at the provider"));
    }

    static Stream<Arguments> starts() {
        return Stream.of(
                Arguments.of(Action.Suspend, MachineState.SUSPENDED, AlreadyThere.class),
                Arguments.of(Action.Resume, MachineState.RUNNING, AlreadyThere.class),
                Arguments.of(Action.Suspend, MachineState.PROVISIONING, NotYet.class),
                Arguments.of(Action.Resume, MachineState.SUSPENDING, NotYet.class),
                Arguments.of(Action.Resume, MachineState.SUSPENDED, Started.class));
    }

    @ParameterizedTest
    @MethodSource("starts")
    void onlyAMachineInAStateTheActionStartsFromIsWrittenTo(
            Action action, MachineState state, Class<? extends OperationRunner.Start> expected) {
        akua.machine("mch_2", state);

        assertThat(runner.start("mch_2", action, KEY)).isInstanceOf(expected);
        assertThat(akua.writes()).hasSize(expected == Started.class ? 1 : 0);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(error(Kind.AUTH, 403), Refused.class),
                Arguments.of(error(Kind.BAD_REQUEST, 400), Refused.class),
                Arguments.of(error(Kind.NOT_FOUND, 404), Refused.class),
                // Someone else's operation moved the machine: not ours to fail, look again shortly.
                Arguments.of(
                        new ProviderException(
                                Kind.CONFLICT,
                                "fake",
                                "POST",
                                409,
                                "failed_precondition",
                                "machine is RESUMING",
                                null,
                                Map.of("status", "FAILED_PRECONDITION"),
                                null),
                        Busy.class),
                Arguments.of(error(Kind.SERVER_ERROR, 503), Unavailable.class),
                Arguments.of(error(Kind.RATE_LIMITED, 429), Unavailable.class),
                Arguments.of(error(Kind.TIMEOUT, 0), Unavailable.class));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aFailedRequestIsRefusedBusyOrUnavailableByItsKind(
            ProviderException e, Class<? extends OperationRunner.Start> expected) {
        akua.failNextWrite(e);

        OperationRunner.Start outcome = runner.start("mch_1", Action.Suspend, KEY);

        assertThat(outcome).isInstanceOf(expected);
        if (outcome instanceof Refused refused) {
            assertThat(refused.message())
                    .startsWith("the provider refused the suspend request: ")
                    .contains(e.getMessage());
        }
        assertThat(akua.writes()).hasSize(1);
        assertThat(akua.operationCount()).isZero();
    }

    @Test
    void aFailedReadSendsNothing() {
        akua.failNextRead(error(Kind.CONNECTION, 0));

        assertThat(runner.start("mch_1", Action.Suspend, KEY))
                .isInstanceOfSatisfying(
                        Unavailable.class, u -> assertThat(u.what()).isEqualTo("reading machine mch_1"));
        assertThat(akua.writes()).isEmpty();
    }

    private static ProviderException error(Kind kind, int status) {
        return new ProviderException(
                kind, "fake", "POST /v1/machines/mch_1:suspend", status, null, kind.name(), null, Map.of(), null);
    }
}
