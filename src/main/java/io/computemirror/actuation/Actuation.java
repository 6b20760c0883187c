package io.computemirror.actuation;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.computemirror.actuation.ActuationConditions.Idle;
import io.computemirror.actuation.ActuationConditions.Progress;
import io.computemirror.actuation.ActuationConditions.Stuck;
import io.computemirror.actuation.ActuationConditions.Working;
import io.computemirror.actuation.OperationRunner.AlreadyThere;
import io.computemirror.actuation.OperationRunner.Busy;
import io.computemirror.actuation.OperationRunner.Check;
import io.computemirror.actuation.OperationRunner.Ended;
import io.computemirror.actuation.OperationRunner.NotYet;
import io.computemirror.actuation.OperationRunner.Refused;
import io.computemirror.actuation.OperationRunner.Running;
import io.computemirror.actuation.OperationRunner.Start;
import io.computemirror.actuation.OperationRunner.Started;
import io.computemirror.actuation.OperationRunner.Unavailable;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineReadiness;
import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.OperationLifecycle;
import io.computemirror.provider.OperationState;
import io.computemirror.provider.ProviderException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The steps of acting on one Machine, called by {@link MachineActuationReconciler}: {@link #start} a desired change
 * (through {@link OperationRunner}), {@link #follow} the recorded operation to its end, or {@link #settle} a Machine
 * that needs no action. Each step records what happened ({@link ActuationStatus}, {@link ActuationEvents}, metrics),
 * keeps kstatus' {@code Reconciling} and {@code Stalled} true to it, and brings the sync's part of the status up to
 * date at once instead of at the next poll.
 */
@ApplicationScoped
class Actuation {

    private static final Logger LOG = Logger.getLogger(Actuation.class);
    /** Reconciling reasons while the actuation waits (kstatus: InProgress). */
    static final String ACCOUNT_PAUSED = "AccountPaused";

    static final String WAITING_FOR_ACCOUNT = "WaitingForAccount";
    static final String WAITING_FOR_MACHINE = "WaitingForMachine";
    static final String PROVIDER_UNAVAILABLE = "ProviderUnavailable";
    private static final Duration RECHECK = Duration.ofSeconds(10);
    /** After a 409 about the machine's state (someone else's operation). */
    private static final Duration BUSY = Duration.ofSeconds(3);

    private final ActuationAccounts accounts;
    private final ActuationProgress progress;
    private final ActuationStatus status;
    private final ActuationEvents events;
    private final ActuationMetrics metrics;
    /** Asked before a request is sent and told when its operation ends (a schedule's maxConcurrent). */
    private final DesiredSuspensions suspensions;

    Actuation(
            ActuationAccounts accounts,
            ActuationProgress progress,
            ActuationStatus status,
            ActuationEvents events,
            ActuationMetrics metrics,
            DesiredSuspensions suspensions) {
        this.accounts = accounts;
        this.suspensions = suspensions;
        this.progress = progress;
        this.status = status;
        this.events = events;
        this.metrics = metrics;
    }

    /** No action is due: a failure of this desired change stays Stalled, anything else the actuation showed ends. */
    void settle(KubernetesClient client, Machine machine, ComputeProvider provider) {
        progress.show(
                client,
                provider,
                machine,
                ActuationConditions.recorded(
                        ActuationRules.generation(machine),
                        null,
                        machine.getStatus() == null ? null : machine.getStatus().getLastOperation()),
                null);
    }

    /** {@code suspended: true} on a mirrored machine whose provider cannot suspend. */
    void refuseUnsupported(KubernetesClient client, Machine machine, ComputeProvider provider, ProviderType type) {
        progress.show(client, provider, machine, unsupported(machine, type), null);
    }

    UpdateControl<Machine> start(
            KubernetesClient client,
            Machine machine,
            ComputeProvider provider,
            DesiredSuspension desired,
            Action action) {
        UpdateControl<Machine> blocked = blocked(client, machine, provider, action);
        if (blocked != null) {
            return blocked;
        }
        ActuationAccounts.Lookup lookup = accounts.resolve(provider, client);
        if (lookup instanceof ActuationAccounts.Unusable unusable) {
            progress.show(
                    client,
                    provider,
                    machine,
                    new Working(WAITING_FOR_ACCOUNT, action.name().toLowerCase() + " waits: " + unusable.problem()),
                    null);
            return recheck(unusable.problem(), machine);
        }
        String key = desired.idempotencyKey();
        OperationLifecycle lifecycle = ((ActuationAccounts.Usable) lookup).lifecycle();
        OperationRunner runner = new OperationRunner(lifecycle);
        if (!suspensions.mayStart(machine, desired)) {
            // Too many machines of its schedule are changing state (maxConcurrent): a freed slot wakes this one.
            return UpdateControl.<Machine>noUpdate().rescheduleAfter(RECHECK);
        }
        Start outcome = runner.start(machine.getSpec().getExternalId(), action, key);
        if (!(outcome instanceof Started)) {
            suspensions.ended(machine, null); // no operation started: its slot is free again
        }
        return outcome instanceof Started started
                ? recordStarted(client, machine, provider, action, key, runner, lifecycle, started)
                : notStarted(client, machine, provider, action, key, outcome);
    }

    UpdateControl<Machine> follow(KubernetesClient client, Machine machine, ComputeProvider provider) {
        MachineOperation operation = machine.getStatus().getOperation();
        if (provider == null) {
            return recheck(missing(machine), machine);
        }
        String uid = machine.getMetadata().getUid();
        metrics.inFlight(uid, operation.getAction(), startedAt(operation));
        ActuationAccounts.Lookup lookup = accounts.forFollowing(uid, provider, client);
        if (lookup instanceof ActuationAccounts.Unusable unusable) {
            return recheck(unusable.problem(), machine);
        }
        OperationRunner runner = new OperationRunner(((ActuationAccounts.Usable) lookup).lifecycle());
        Check check = runner.check(operation.getId());
        if (check instanceof Unavailable unavailable) {
            if (unavailable.cause().kind() == ProviderException.Kind.AUTH) {
                accounts.stopFollowing(uid); // the Secret may have changed: read it again next time
            }
            return providerTrouble(machine, unavailable);
        }
        if (check instanceof Running) {
            // Puts Reconciling back should a write based on an older copy of the Machine have dropped it.
            progress.show(
                    client,
                    provider,
                    machine,
                    ActuationConditions.recorded(
                            ActuationRules.generation(machine),
                            operation,
                            machine.getStatus().getLastOperation()),
                    null);
            return UpdateControl.<Machine>noUpdate()
                    .rescheduleAfter(ActuationRules.followDelay(Duration.between(startedAt(operation), Instant.now())));
        }
        return finish(client, machine, provider, runner, operation, (Ended) check);
    }

    /** Why the change cannot be sent yet (no ComputeProvider, not drivable, paused), shown; null when it can. */
    private UpdateControl<Machine> blocked(
            KubernetesClient client, Machine machine, ComputeProvider provider, Action action) {
        if (provider == null) {
            // The informer reconciles this Machine when its ComputeProvider appears.
            LOG.infof("Machine %s: spec.suspended not acted on yet: %s", ref(machine), missing(machine));
            progress.show(
                    client,
                    null,
                    machine,
                    new Working(
                            WAITING_FOR_ACCOUNT,
                            action.name().toLowerCase() + " waits: " + missing(machine)
                                    + "; create it or correct spec.providerRef.name"),
                    null);
            return UpdateControl.noUpdate();
        }
        if (!ActuationRules.drivable(provider.getSpec().getType())) {
            // Not mirrored yet, so the status did not tell: the ComputeProvider does.
            progress.show(
                    client,
                    provider,
                    machine,
                    action == Action.Suspend
                            ? unsupported(machine, provider.getSpec().getType())
                            : new Idle(),
                    null);
            return UpdateControl.noUpdate();
        }
        if (Boolean.TRUE.equals(provider.getSpec().getPaused())) {
            // Unpausing changes the ComputeProvider's spec, which reconciles this Machine again.
            String message = action.name().toLowerCase() + " waits: ComputeProvider "
                    + provider.getMetadata().getName() + " has spec.paused: true; it is sent once spec.paused is false";
            events.onceNormal(machine, ACCOUNT_PAUSED, message);
            progress.show(client, provider, machine, new Working(ACCOUNT_PAUSED, message), null);
            return UpdateControl.noUpdate();
        }
        return null;
    }

    /** Nothing was started: the machine is there, not ready for it, busy, unreachable, or the request refused. */
    private UpdateControl<Machine> notStarted(
            KubernetesClient client,
            Machine machine,
            ComputeProvider provider,
            Action action,
            String key,
            Start outcome) {
        if (outcome instanceof AlreadyThere there) {
            progress.show(client, provider, machine, new Idle(), there.machine());
            return UpdateControl.noUpdate();
        }
        if (outcome instanceof NotYet notYet) {
            LOG.infof("Machine %s: %s waits: %s", ref(machine), action, notYet.why());
            progress.show(
                    client,
                    provider,
                    machine,
                    new Working(WAITING_FOR_MACHINE, action.name().toLowerCase() + " waits: " + notYet.why()),
                    notYet.machine());
            return UpdateControl.<Machine>noUpdate().rescheduleAfter(RECHECK);
        }
        if (outcome instanceof Busy busy) {
            LOG.infof("Machine %s: %s refused for now: %s", ref(machine), action, busy.why());
            progress.show(
                    client,
                    provider,
                    machine,
                    new Working(
                            WAITING_FOR_MACHINE,
                            action.name().toLowerCase() + " waits: the provider refused it for now: " + busy.why()),
                    null);
            return UpdateControl.<Machine>noUpdate().rescheduleAfter(BUSY);
        }
        if (outcome instanceof Unavailable unavailable) {
            progress.show(
                    client,
                    provider,
                    machine,
                    new Working(
                            PROVIDER_UNAVAILABLE,
                            action.name().toLowerCase() + " waits: " + unavailable.what() + " failed: "
                                    + unavailable.cause().getMessage()),
                    null);
            return providerTrouble(machine, unavailable);
        }
        // Refused: a failed action, recorded so it is not sent again for this desired change.
        Refused refused = (Refused) outcome;
        Machine written = status.refused(client, machine, action, key, refused.message(), Instant.now());
        metrics.operation(action, "refused");
        LOG.warnf("Machine %s: %s", ref(machine), refused.message());
        events.failed(machine, refused.message());
        progress.afterWrite(client, provider, machine, written, null);
        return UpdateControl.noUpdate();
    }

    /** The provider started an operation: recorded before anything else, then followed. */
    private UpdateControl<Machine> recordStarted(
            KubernetesClient client,
            Machine machine,
            ComputeProvider provider,
            Action action,
            String key,
            OperationRunner runner,
            OperationLifecycle lifecycle,
            Started started) {
        String operationId = started.operation().id();
        Machine recorded = status.started(client, machine, action, key, operationId, Instant.now());
        accounts.startedFollowing(machine.getMetadata().getUid(), provider, lifecycle);
        LOG.infof("Machine %s: %s started, operation %s (idempotency key %s)", ref(machine), action, operationId, key);
        events.requested(machine, action, operationId);
        metrics.operation(action, "started");
        progress.afterWrite(client, provider, machine, recorded, read(runner, machine));
        return UpdateControl.<Machine>noUpdate().rescheduleAfter(ActuationRules.followDelay(Duration.ZERO));
    }

    /** The followed operation ended: its result recorded, the slot freed, the machine read again. */
    private UpdateControl<Machine> finish(
            KubernetesClient client,
            Machine machine,
            ComputeProvider provider,
            OperationRunner runner,
            MachineOperation operation,
            Ended ended) {
        String uid = machine.getMetadata().getUid();
        LastOperation.Result result = ended.state() == OperationState.SUCCEEDED
                ? LastOperation.Result.Succeeded
                : ended.state() == OperationState.CANCELLED
                        ? LastOperation.Result.Cancelled
                        : LastOperation.Result.Failed;
        Machine written = status.finished(client, machine, operation, result, ended.message(), Instant.now());
        accounts.stopFollowing(uid);
        suspensions.ended(machine, operation.getId());
        Action action = operation.getAction();
        Duration took = Duration.between(startedAt(operation), Instant.now());
        metrics.finished(action, result.name().toLowerCase(), took);
        metrics.ended(uid);
        if (result == LastOperation.Result.Succeeded) {
            LOG.infof(
                    "Machine %s: %s operation %s succeeded after %d s",
                    ref(machine), action, operation.getId(), took.toSeconds());
            events.succeeded(machine, action, operation.getId());
        } else {
            LOG.warnf(
                    "Machine %s: %s operation %s %s: %s",
                    ref(machine), action, operation.getId(), result.name().toLowerCase(), ended.message());
            events.failed(
                    machine,
                    action.name().toLowerCase() + " operation " + operation.getId() + " "
                            + result.name().toLowerCase() + ": " + ended.message());
        }
        progress.afterWrite(client, provider, machine, written, read(runner, machine));
        // A newer desired state that arrived meanwhile is acted on now.
        boolean newer = ActuationRules.generation(machine) != operation.getGeneration();
        return newer
                ? UpdateControl.<Machine>noUpdate().rescheduleAfter(Duration.ofMillis(100))
                : UpdateControl.noUpdate();
    }

    /** The Event once per generation (again after a restart at most): the conditions say it while it holds. */
    private Progress unsupported(Machine machine, ProviderType type) {
        String message = "spec.suspended is true, but suspend is not supported for " + type
                + " machines (the provider has no lifecycle API): remove spec.suspended";
        events.onceWarning(machine, MachineReadiness.SUSPEND_NOT_SUPPORTED, message);
        return new Stuck(MachineReadiness.SUSPEND_NOT_SUPPORTED, message);
    }

    /** The machine read again after acting; empty when the read failed (the next poll brings it). */
    private static MachineObservation read(OperationRunner runner, Machine machine) {
        Optional<MachineObservation> observed = runner.read(machine.getSpec().getExternalId());
        if (observed.isEmpty()) {
            LOG.infof("Machine %s: could not read it after acting; the next poll updates it", ref(machine));
        }
        return observed.orElse(null);
    }

    private static String missing(Machine machine) {
        return "ComputeProvider " + machine.getMetadata().getNamespace() + "/"
                + machine.getSpec().getProviderRef().getName() + " (spec.providerRef.name) not found";
    }

    private static UpdateControl<Machine> recheck(String problem, Machine machine) {
        LOG.infof(
                "Machine %s: spec.suspended not acted on yet: %s (checked again in %d s)",
                ref(machine), problem, RECHECK.toSeconds());
        return UpdateControl.<Machine>noUpdate().rescheduleAfter(RECHECK);
    }

    private static UpdateControl<Machine> providerTrouble(Machine machine, Unavailable unavailable) {
        ProviderException e = unavailable.cause();
        Duration delay = e.retryAfter().filter(d -> d.compareTo(RECHECK) > 0).orElse(RECHECK);
        LOG.infof(
                "Machine %s: %s failed (%s), trying again in %d s: %s",
                ref(machine), unavailable.what(), e.kind(), delay.toSeconds(), e.getMessage());
        return UpdateControl.<Machine>noUpdate().rescheduleAfter(delay);
    }

    private static Instant startedAt(MachineOperation operation) {
        try {
            return operation.getStartedAt() == null ? Instant.now() : Instant.parse(operation.getStartedAt());
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private static String ref(Machine machine) {
        return machine.getMetadata().getNamespace() + "/"
                + machine.getMetadata().getName();
    }
}
