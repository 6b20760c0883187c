package io.computemirror.actuation;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.computemirror.actuation.ActuationRules.CheckProvider;
import io.computemirror.actuation.ActuationRules.Intent;
import io.computemirror.actuation.ActuationRules.Nothing;
import io.computemirror.actuation.ActuationRules.Unsupported;
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
import io.computemirror.api.v1alpha1.MachineSpec;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.api.v1alpha1.MachineStatus.LastOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.provider.MachineLifecycle;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.OperationState;
import io.computemirror.provider.ProviderException;
import io.computemirror.sync.MachineReadiness;
import io.computemirror.sync.MachineStatusRefresher;
import io.computemirror.sync.ProviderAccounts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Machine actuation: {@code spec.suspended} becomes an Akua {@code :suspend} or {@code :resume}, taken exactly once per
 * desired change and followed to its end.
 * <ol>
 * <li>Only spec changes trigger it (generation-aware): the sync's status writes do not.</li>
 * <li>{@link OperationRunner} reads the machine for a fresh etag, then POSTs with {@code if-match} and an idempotency
 * key derived from the resource's uid, generation and action ({@link ActuationRules#idempotencyKey}); a 409 on the
 * etag means read again and retry.</li>
 * <li>The operation is recorded in {@code status.operation} ({@link ActuationStatus}) and followed by short GETs on
 * later reconciles, never by blocking a reconcile thread. After a restart the recorded operation is followed on; if
 * the operator died between the POST and the record, the retry sends the same key and gets the same operation
 * back.</li>
 * <li>When it ends, {@code status.lastOperation} keeps the result, the machine is read again and its status written
 * at once. A failed or cancelled operation is not retried until {@code spec.suspended} changes.</li>
 * </ol>
 * One machine never has two operations at once: JOSDK reconciles one resource at a time, and while an operation is
 * recorded nothing else starts; a newer desired state is acted on when it ends.
 */
@ControllerConfiguration(name = "machine-actuation", generationAwareEventProcessing = true)
public class MachineActuationReconciler implements Reconciler<Machine> {

    /** Owns {@code status.operation} and {@code status.lastOperation}, nothing else. */
    public static final String FIELD_MANAGER = ActuationStatus.FIELD_MANAGER;

    private static final Logger LOG = Logger.getLogger(MachineActuationReconciler.class);
    private static final Duration RECHECK = Duration.ofSeconds(10);
    /** After a 409 about the machine's state (someone else's operation). */
    private static final Duration BUSY = Duration.ofSeconds(3);

    private final ProviderAccounts accounts;
    private final MachineStatusRefresher refresher;
    private final ActuationStatus status;
    private final ActuationEvents events;
    private final ActuationMetrics metrics;

    public MachineActuationReconciler(ProviderAccounts accounts, MachineStatusRefresher refresher,
            ActuationStatus status, ActuationEvents events, ActuationMetrics metrics) {
        this.accounts = accounts;
        this.refresher = refresher;
        this.status = status;
        this.events = events;
        this.metrics = metrics;
    }

    @Override
    public UpdateControl<Machine> reconcile(Machine machine, Context<Machine> context) {
        KubernetesClient client = context.getClient();
        MachineStatus current = machine.getStatus();
        if (current != null && current.getOperation() != null && current.getOperation().getId() != null) {
            return follow(client, machine);
        }
        Intent intent = ActuationRules.intent(machine);
        if (intent instanceof Nothing) {
            refresher.refreshConditions(client, machine);
            return UpdateControl.noUpdate();
        }
        if (intent instanceof Unsupported unsupported) {
            unsupported(machine, unsupported.type());
            refresher.refreshConditions(client, machine);
            return UpdateControl.noUpdate();
        }
        Optional<Machine> mirror = otherMirrorOfTheSameMachine(machine, context);
        if (mirror.isPresent()) {
            events.onceWarning(machine, "DuplicateMachine", "spec.suspended is not acted on: Machine "
                    + mirror.get().getMetadata().getName() + " already mirrors "
                    + machine.getSpec().getProviderRef().getName() + "/" + machine.getSpec().getExternalId()
                    + "; set spec.suspended there (or write your manifest under that name) and delete this one");
            return UpdateControl.noUpdate();
        }
        return start(client, machine, ((CheckProvider) intent).action());
    }

    /**
     * The Machine the sync mirrors this machine into, when that is another resource: two resources naming one
     * machine must not both act on it. The sync keeps the oldest (then by name) and leaves the others alone.
     */
    private static Optional<Machine> otherMirrorOfTheSameMachine(Machine machine, Context<Machine> context) {
        MachineSpec spec = machine.getSpec();
        return context.getPrimaryCache().list(machine.getMetadata().getNamespace(), m -> m.getSpec() != null
                && spec.getExternalId().equals(m.getSpec().getExternalId())
                && spec.getProviderRef().equals(m.getSpec().getProviderRef()))
                .min(Comparator.comparing((Machine m) -> Objects.requireNonNullElse(
                        m.getMetadata().getCreationTimestamp(), "")).thenComparing(m -> m.getMetadata().getName()))
                .filter(first -> !first.getMetadata().getName().equals(machine.getMetadata().getName()));
    }

    private UpdateControl<Machine> start(KubernetesClient client, Machine machine, Action action) {
        Account account = account(client, machine);
        if (account.provider() != null && account.provider().getSpec().getType() != ProviderType.Akua) {
            // Not mirrored yet, so the status did not tell: the ComputeProvider does.
            if (action == Action.Suspend) {
                unsupported(machine, account.provider().getSpec().getType());
            }
            return UpdateControl.noUpdate();
        }
        if (account.lifecycle() == null) {
            return recheck(account.problem(), machine);
        }
        String key = ActuationRules.idempotencyKey(machine.getMetadata().getUid(), ActuationRules.generation(machine),
                action);
        OperationRunner runner = new OperationRunner(account.lifecycle());
        Start outcome = runner.start(machine.getSpec().getExternalId(), action, key);
        if (outcome instanceof AlreadyThere there) {
            refresher.refresh(client, account.provider(), machine, there.machine());
            return UpdateControl.noUpdate();
        }
        if (outcome instanceof NotYet notYet) {
            refresher.refresh(client, account.provider(), machine, notYet.machine());
            LOG.infof("Machine %s: %s waits: %s", ref(machine), action, notYet.why());
            return UpdateControl.<Machine>noUpdate().rescheduleAfter(RECHECK);
        }
        if (outcome instanceof Busy busy) {
            LOG.infof("Machine %s: %s refused for now: %s", ref(machine), action, busy.why());
            return UpdateControl.<Machine>noUpdate().rescheduleAfter(BUSY);
        }
        if (outcome instanceof Unavailable unavailable) {
            return providerTrouble(machine, unavailable);
        }
        if (outcome instanceof Refused refused) {
            Machine written = status.refused(client, machine, action, key, refused.message(), Instant.now());
            metrics.operation(action, "refused");
            LOG.warnf("Machine %s: %s", ref(machine), refused.message());
            events.failed(machine, refused.message());
            refresher.refresh(client, account.provider(), withActuationFields(machine, written), null);
            return UpdateControl.noUpdate();
        }
        String operationId = ((Started) outcome).operation().id();
        Machine recorded = status.started(client, machine, action, key, operationId, Instant.now());
        LOG.infof("Machine %s: %s started, operation %s (idempotency key %s)", ref(machine), action, operationId, key);
        events.requested(machine, action, operationId);
        metrics.operation(action, "started");
        refreshAfterRead(client, account, runner, withActuationFields(machine, recorded));
        return UpdateControl.<Machine>noUpdate().rescheduleAfter(ActuationRules.followDelay(Duration.ZERO));
    }

    private UpdateControl<Machine> follow(KubernetesClient client, Machine machine) {
        MachineOperation operation = machine.getStatus().getOperation();
        Account account = account(client, machine);
        if (account.lifecycle() == null) {
            return recheck(account.problem(), machine);
        }
        OperationRunner runner = new OperationRunner(account.lifecycle());
        Check check = runner.check(operation.getId());
        if (check instanceof Unavailable unavailable) {
            return providerTrouble(machine, unavailable);
        }
        if (check instanceof Running) {
            return UpdateControl.<Machine>noUpdate()
                    .rescheduleAfter(ActuationRules.followDelay(Duration.between(startedAt(operation), Instant.now())));
        }
        Ended ended = (Ended) check;
        LastOperation.Result result = ended.state() == OperationState.SUCCEEDED ? LastOperation.Result.Succeeded
                : ended.state() == OperationState.CANCELLED ? LastOperation.Result.Cancelled
                        : LastOperation.Result.Failed;
        Machine written = status.finished(client, machine, operation, result, ended.message(), Instant.now());
        Action action = operation.getAction();
        Duration took = Duration.between(startedAt(operation), Instant.now());
        metrics.finished(action, result.name().toLowerCase(), took);
        if (result == LastOperation.Result.Succeeded) {
            LOG.infof("Machine %s: %s operation %s succeeded after %d s", ref(machine), action, operation.getId(),
                    took.toSeconds());
            events.succeeded(machine, action, operation.getId());
        } else {
            LOG.warnf("Machine %s: %s operation %s %s: %s", ref(machine), action, operation.getId(),
                    result.name().toLowerCase(), ended.message());
            events.failed(machine, action.name().toLowerCase() + " operation " + operation.getId() + " "
                    + result.name().toLowerCase() + ": " + ended.message());
        }
        refreshAfterRead(client, account, runner, withActuationFields(machine, written));
        // A newer desired state that arrived meanwhile is acted on now.
        boolean newer = ActuationRules.generation(machine) != operation.getGeneration();
        return newer ? UpdateControl.<Machine>noUpdate().rescheduleAfter(Duration.ofMillis(100))
                : UpdateControl.noUpdate();
    }

    /** Once per generation (again after a restart at most): the condition says it for as long as it holds. */
    private void unsupported(Machine machine, ProviderType type) {
        events.onceWarning(machine, MachineReadiness.SUSPEND_NOT_SUPPORTED, "spec.suspended is true, but suspend is "
                + "not supported for " + type + " machines (the provider has no lifecycle API): remove spec.suspended");
    }

    /** Reads the machine again and writes what the provider says now; a failed read only waits for the next poll. */
    private void refreshAfterRead(KubernetesClient client, Account account, OperationRunner runner, Machine machine) {
        Optional<MachineObservation> observed = runner.read(machine.getSpec().getExternalId());
        if (observed.isEmpty()) {
            LOG.infof("Machine %s: could not read it after the operation; the next poll updates it", ref(machine));
        }
        refresher.refresh(client, account.provider(), machine, observed.orElse(null));
    }

    /** The machine as reconciled, with the actuation's fields as just written (the cache may not have them yet). */
    private static Machine withActuationFields(Machine machine, Machine written) {
        Machine copy = Serialization.clone(machine);
        MachineStatus status = copy.getStatus() == null ? new MachineStatus() : copy.getStatus();
        status.setOperation(written.getStatus() == null ? null : written.getStatus().getOperation());
        status.setLastOperation(written.getStatus() == null ? null : written.getStatus().getLastOperation());
        copy.setStatus(status);
        copy.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
        return copy;
    }

    /** A ComputeProvider and its Akua client, or the reason there is none. */
    private record Account(ComputeProvider provider, MachineLifecycle lifecycle, String problem) {
    }

    private Account account(KubernetesClient client, Machine machine) {
        String namespace = machine.getMetadata().getNamespace();
        String name = machine.getSpec().getProviderRef().getName();
        ComputeProvider provider = client.resources(ComputeProvider.class).inNamespace(namespace).withName(name).get();
        if (provider == null) {
            return new Account(null, null, "ComputeProvider " + namespace + "/" + name
                    + " (spec.providerRef.name) not found");
        }
        ProviderAccounts.Resolution resolution = accounts.resolve(provider, client);
        if (resolution instanceof ProviderAccounts.Unusable unusable) {
            return new Account(provider, null, "ComputeProvider " + namespace + "/" + name + " is not usable: "
                    + unusable.message());
        }
        return new Account(provider, (MachineLifecycle) ((ProviderAccounts.Usable) resolution).client(), null);
    }

    private static UpdateControl<Machine> recheck(String problem, Machine machine) {
        LOG.infof("Machine %s: spec.suspended not acted on yet: %s (checked again in %d s)", ref(machine), problem,
                RECHECK.toSeconds());
        return UpdateControl.<Machine>noUpdate().rescheduleAfter(RECHECK);
    }

    private static UpdateControl<Machine> providerTrouble(Machine machine, Unavailable unavailable) {
        ProviderException e = unavailable.cause();
        Duration delay = e.retryAfter().filter(d -> d.compareTo(RECHECK) > 0).orElse(RECHECK);
        LOG.infof("Machine %s: %s failed (%s), trying again in %d s: %s", ref(machine), unavailable.what(), e.kind(),
                delay.toSeconds(), e.getMessage());
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
        return machine.getMetadata().getNamespace() + "/" + machine.getMetadata().getName();
    }
}
