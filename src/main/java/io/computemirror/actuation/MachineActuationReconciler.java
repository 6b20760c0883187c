package io.computemirror.actuation;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.computemirror.actuation.ActuationRules.Act;
import io.computemirror.actuation.ActuationRules.CheckProvider;
import io.computemirror.actuation.ActuationRules.Done;
import io.computemirror.actuation.ActuationRules.Intent;
import io.computemirror.actuation.ActuationRules.Next;
import io.computemirror.actuation.ActuationRules.Nothing;
import io.computemirror.actuation.ActuationRules.Unsupported;
import io.computemirror.actuation.ActuationRules.Wait;
import io.computemirror.api.v1alpha1.ApiConstants;
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
import io.computemirror.provider.OperationObservation;
import io.computemirror.provider.OperationState;
import io.computemirror.provider.ProviderException;
import io.computemirror.kube.KubeEvents;
import io.computemirror.api.v1alpha1.MachineReadiness;
import io.computemirror.schedule.ScheduleDecisions;
import io.computemirror.sync.MachineStatusRefresher;
import io.computemirror.account.ProviderAccounts;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

/**
 * Machine actuation: {@code spec.suspended} becomes an Akua {@code :suspend} or {@code :resume}, taken exactly once per
 * desired change and followed to its end.
 * <ol>
 * <li>Only spec changes trigger it (generation-aware): the sync's status writes do not.</li>
 * <li>Each action reads the machine for a fresh etag, then POSTs with {@code if-match} and an idempotency key derived
 * from the resource's uid, generation and action ({@link ActuationRules#idempotencyKey}). A 409 on the etag means
 * read again and retry.</li>
 * <li>The operation is recorded in {@code status.operation} (field manager {@value #FIELD_MANAGER}) and followed by
 * short GETs on later reconciles, never by blocking a reconcile thread. After a restart the recorded operation is
 * followed on; if the operator died between the POST and the record, the retry sends the same key and gets the same
 * operation back.</li>
 * <li>When it ends, {@code status.lastOperation} keeps the result, the machine is read again and its status written
 * at once. A failed or cancelled operation is not retried until {@code spec.suspended} changes.</li>
 * </ol>
 * One machine never has two operations at once: JOSDK reconciles one resource at a time, and while an operation is
 * recorded nothing else starts; a newer desired state is acted on when it ends.
 */
@ControllerConfiguration(name = "machine-actuation", generationAwareEventProcessing = true)
public class MachineActuationReconciler implements Reconciler<Machine> {

    /** Owns {@code status.operation} and {@code status.lastOperation}, nothing else. */
    public static final String FIELD_MANAGER = ApiConstants.ACTUATION_FIELD_MANAGER;

    private static final Logger LOG = Logger.getLogger(MachineActuationReconciler.class);
    private static final PatchContext APPLY = new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(FIELD_MANAGER).withForce(true).build();
    /** Attempts at a POST whose etag went stale between our read and the request. */
    private static final int ETAG_ATTEMPTS = 3;
    private static final Duration RECHECK = Duration.ofSeconds(10);

    private final ProviderAccounts accounts;
    private final MachineStatusRefresher refresher;
    private final KubeEvents events;
    private final ActuationMetrics metrics;
    /** What the MachineSchedules say for a Machine without spec.suspended (io.computemirror.schedule). */
    private final ScheduleDecisions schedules;
    /** Machine uid → the generation whose SuspendNotSupported Event was recorded. */
    private final Map<String, Long> unsupportedReported = new ConcurrentHashMap<>();
    /** Machine uid → the generation whose DuplicateMachine Event was recorded. */
    private final Map<String, Long> duplicateReported = new ConcurrentHashMap<>();

    public MachineActuationReconciler(ProviderAccounts accounts, MachineStatusRefresher refresher, KubeEvents events,
            ActuationMetrics metrics, ScheduleDecisions schedules) {
        this.accounts = accounts;
        this.schedules = schedules;
        this.refresher = refresher;
        this.events = events;
        this.metrics = metrics;
    }

    @Override
    public List<EventSource<?, Machine>> prepareEventSources(EventSourceContext<Machine> context) {
        return schedules.eventSources(context);
    }

    @Override
    public UpdateControl<Machine> reconcile(Machine machine, Context<Machine> context) {
        KubernetesClient client = context.getClient();
        MachineStatus status = machine.getStatus();
        if (status != null && status.getOperation() != null && status.getOperation().getId() != null) {
            return follow(client, machine);
        }
        DesiredSuspension desired = schedules.desired(client, machine);
        Intent intent = ActuationRules.intent(machine, desired);
        if (intent instanceof Nothing) {
            refreshConditions(client, machine);
            return UpdateControl.noUpdate();
        }
        if (intent instanceof Unsupported unsupported) {
            refuseUnsupported(client, machine, unsupported.type());
            return UpdateControl.noUpdate();
        }
        Optional<Machine> mirror = otherMirrorOfTheSameMachine(machine, context);
        if (mirror.isPresent()) {
            refuseDuplicate(machine, mirror.get());
            return UpdateControl.noUpdate();
        }
        return start(client, machine, ((CheckProvider) intent).action(), desired);
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

    private void refuseDuplicate(Machine machine, Machine mirror) {
        long generation = ActuationRules.generation(machine);
        if (Long.valueOf(generation).equals(duplicateReported.put(machine.getMetadata().getUid(), generation))) {
            return;
        }
        String message = "spec.suspended is not acted on: Machine " + mirror.getMetadata().getName() + " already "
                + "mirrors " + machine.getSpec().getProviderRef().getName() + "/" + machine.getSpec().getExternalId()
                + "; set spec.suspended there (or write your manifest under that name) and delete this one";
        LOG.warnf("Machine %s: %s", ref(machine), message);
        events.warning(machine, "DuplicateMachine", message);
    }

    private UpdateControl<Machine> start(KubernetesClient client, Machine machine, Action action,
            DesiredSuspension desired) {
        Account account = account(client, machine);
        if (account.provider() != null && account.provider().getSpec().getType() != ProviderType.Akua) {
            // Not mirrored yet, so the status did not tell: the ComputeProvider does.
            if (action == Action.Suspend) {
                unsupportedEvent(machine, account.provider().getSpec().getType());
            }
            return UpdateControl.noUpdate();
        }
        if (account.lifecycle() == null) {
            return recheck(account.problem(), machine);
        }
        MachineLifecycle akua = account.lifecycle();
        String externalId = machine.getSpec().getExternalId();
        long generation = ActuationRules.generation(machine);
        String key = desired.scheduled() ? desired.edgeKey()
                : ActuationRules.idempotencyKey(machine.getMetadata().getUid(), generation, action);
        for (int attempt = 1;; attempt++) {
            MachineObservation observed;
            try {
                observed = akua.getMachine(externalId);
            } catch (ProviderException e) {
                return providerTrouble(machine, "reading machine " + externalId, e);
            }
            Next next = ActuationRules.next(action, observed.state());
            if (next instanceof Done) {
                refresher.refresh(client, account.provider(), machine, observed);
                return UpdateControl.noUpdate();
            }
            if (next instanceof Wait wait) {
                refresher.refresh(client, account.provider(), machine, observed);
                LOG.infof("Machine %s: %s waits: %s", ref(machine), action, wait.why());
                return UpdateControl.<Machine>noUpdate().rescheduleAfter(RECHECK);
            }
            if (!schedules.mayStart(machine, desired)) {
                // The schedule's maxConcurrent machines are changing state: a freed slot pokes this one again.
                return UpdateControl.<Machine>noUpdate().rescheduleAfter(RECHECK);
            }
            boolean recorded = false;
            try {
                OperationObservation started = ((Act) next).action() == Action.Suspend
                        ? akua.suspend(externalId, observed.etag(), key)
                        : akua.resume(externalId, observed.etag(), key);
                UpdateControl<Machine> control = recordStarted(client, account, machine, action, key, started);
                recorded = true;
                return control;
            } catch (ProviderException e) {
                if (isStaleEtag(e) && attempt < ETAG_ATTEMPTS) {
                    LOG.debugf("Machine %s: etag %s went stale, reading again", ref(machine), observed.etag());
                    continue;
                }
                if (e.kind() == ProviderException.Kind.CONFLICT) {
                    // The machine moved (another client's operation): look again shortly.
                    LOG.infof("Machine %s: %s refused for now: %s", ref(machine), action, e.getMessage());
                    return UpdateControl.<Machine>noUpdate().rescheduleAfter(Duration.ofSeconds(3));
                }
                if (e.isRetryable()) {
                    return providerTrouble(machine, action.name().toLowerCase() + " of " + externalId, e);
                }
                return refused(client, account, machine, action, key, e);
            } finally {
                if (!recorded && desired.scheduled()) {
                    schedules.ended(machine, null);
                }
            }
        }
    }

    private UpdateControl<Machine> recordStarted(KubernetesClient client, Account account, Machine machine,
            Action action, String key, OperationObservation started) {
        MachineOperation operation = new MachineOperation();
        operation.setId(started.id());
        operation.setAction(action);
        operation.setIdempotencyKey(key);
        operation.setStartedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        operation.setGeneration(ActuationRules.generation(machine));
        Machine recorded = writeOperation(client, machine, operation, lastOperation(machine));
        LOG.infof("Machine %s: %s started, operation %s (idempotency key %s)", ref(machine), action, started.id(), key);
        events.normal(machine, action == Action.Suspend ? "SuspendRequested" : "ResumeRequested",
                action.name().toLowerCase() + " requested at the provider: operation " + started.id());
        metrics.operation(action, "started");
        refreshAfterRead(client, account, withActuationFields(machine, recorded));
        return UpdateControl.<Machine>noUpdate().rescheduleAfter(ActuationRules.followDelay(Duration.ZERO));
    }

    private UpdateControl<Machine> follow(KubernetesClient client, Machine machine) {
        MachineOperation operation = machine.getStatus().getOperation();
        Account account = account(client, machine);
        if (account.lifecycle() == null) {
            return recheck(account.problem(), machine);
        }
        OperationObservation observed;
        try {
            observed = account.lifecycle().getOperation(operation.getId());
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.NOT_FOUND) {
                return finish(client, account, machine, operation, LastOperation.Result.Failed,
                        "operation " + operation.getId() + " no longer exists at the provider");
            }
            return providerTrouble(machine, "reading operation " + operation.getId(), e);
        }
        if (!observed.done()) {
            return UpdateControl.<Machine>noUpdate()
                    .rescheduleAfter(ActuationRules.followDelay(Duration.between(startedAt(operation), Instant.now())));
        }
        LastOperation.Result result = observed.state() == OperationState.SUCCEEDED ? LastOperation.Result.Succeeded
                : observed.state() == OperationState.CANCELLED ? LastOperation.Result.Cancelled
                        : LastOperation.Result.Failed;
        String message = result == LastOperation.Result.Succeeded ? null
                : observed.errorMessage() != null ? observed.errorMessage()
                        : "the provider reports state " + observed.providerState();
        return finish(client, account, machine, operation, result, message);
    }

    private UpdateControl<Machine> finish(KubernetesClient client, Account account, Machine machine,
            MachineOperation operation, LastOperation.Result result, String message) {
        LastOperation last = new LastOperation();
        last.setId(operation.getId());
        last.setAction(operation.getAction());
        last.setIdempotencyKey(operation.getIdempotencyKey());
        last.setGeneration(operation.getGeneration());
        last.setStartedAt(operation.getStartedAt());
        last.setResult(result);
        last.setMessage(message);
        last.setFinishedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Machine written = writeOperation(client, machine, null, last);
        schedules.ended(machine, operation.getId());
        Action action = operation.getAction();
        Duration took = Duration.between(startedAt(operation), Instant.now());
        metrics.finished(action, result.name().toLowerCase(), took);
        if (result == LastOperation.Result.Succeeded) {
            LOG.infof("Machine %s: %s operation %s succeeded after %d s", ref(machine), action, operation.getId(),
                    took.toSeconds());
            events.normal(machine, action == Action.Suspend ? "Suspended" : "Resumed", action.name().toLowerCase()
                    + " operation " + operation.getId() + " succeeded");
        } else {
            LOG.warnf("Machine %s: %s operation %s %s: %s", ref(machine), action, operation.getId(),
                    result.name().toLowerCase(), message);
            events.warning(machine, "OperationFailed", action.name().toLowerCase() + " operation " + operation.getId()
                    + " " + result.name().toLowerCase() + ": " + message + "; not retried until spec.suspended changes");
        }
        refreshAfterRead(client, account, withActuationFields(machine, written));
        // A newer desired state that arrived meanwhile is acted on now.
        boolean newer = ActuationRules.generation(machine) != operation.getGeneration();
        return newer ? UpdateControl.<Machine>noUpdate().rescheduleAfter(Duration.ofMillis(100))
                : UpdateControl.noUpdate();
    }

    /** The provider refused the request itself (400, 403, 404): a failed action, not retried until the spec changes. */
    private UpdateControl<Machine> refused(KubernetesClient client, Account account, Machine machine, Action action,
            String key, ProviderException e) {
        LastOperation last = new LastOperation();
        last.setAction(action);
        last.setResult(LastOperation.Result.Failed);
        last.setMessage("the provider refused the " + action.name().toLowerCase() + " request: " + e.getMessage());
        last.setIdempotencyKey(key);
        last.setGeneration(ActuationRules.generation(machine));
        last.setFinishedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Machine written = writeOperation(client, machine, null, last);
        metrics.operation(action, "refused");
        LOG.warnf("Machine %s: %s", ref(machine), last.getMessage());
        events.warning(machine, "OperationFailed", last.getMessage() + "; not retried until spec.suspended changes");
        refresher.refresh(client, account.provider(), withActuationFields(machine, written), null);
        return UpdateControl.noUpdate();
    }

    private void refuseUnsupported(KubernetesClient client, Machine machine, ProviderType type) {
        unsupportedEvent(machine, type);
        refreshConditions(client, machine);
    }

    /** Once per generation (again after a restart at most): the condition says it for as long as it holds. */
    private void unsupportedEvent(Machine machine, ProviderType type) {
        long generation = ActuationRules.generation(machine);
        if (Long.valueOf(generation).equals(unsupportedReported.put(machine.getMetadata().getUid(), generation))) {
            return;
        }
        LOG.infof("Machine %s: spec.suspended is true, but %s machines cannot be suspended", ref(machine), type);
        events.warning(machine, MachineReadiness.SUSPEND_NOT_SUPPORTED, "spec.suspended is true, but suspend is not "
                + "supported for " + type + " machines (the provider has no lifecycle API): remove spec.suspended");
    }

    /** Brings observedGeneration and Ready up to date after a spec change that needs no action. */
    private void refreshConditions(KubernetesClient client, Machine machine) {
        refresher.refreshConditions(client, machine);
    }

    /** Reads the machine again and writes what the provider says now; a failed read only waits for the next poll. */
    private void refreshAfterRead(KubernetesClient client, Account account, Machine machine) {
        MachineObservation observed = null;
        try {
            observed = account.lifecycle().getMachine(machine.getSpec().getExternalId());
        } catch (ProviderException e) {
            LOG.infof("Machine %s: could not read it after the operation (%s); the next poll updates it", ref(machine),
                    e.kind());
        }
        refresher.refresh(client, account.provider(), machine, observed);
    }

    /** Applies the actuation's two fields; an absent operation is removed (this manager is its only owner). */
    private Machine writeOperation(KubernetesClient client, Machine machine, MachineOperation operation,
            LastOperation last) {
        Machine patch = new Machine();
        patch.setMetadata(new ObjectMetaBuilder().withName(machine.getMetadata().getName())
                .withNamespace(machine.getMetadata().getNamespace()).build());
        patch.setSpec(null);
        MachineStatus status = new MachineStatus();
        status.setConditions(null); // the conditions list belongs to the sync's field manager
        status.setOperation(operation);
        status.setLastOperation(last);
        patch.setStatus(status);
        return client.resource(patch).subresource("status").patch(APPLY);
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

    private static LastOperation lastOperation(Machine machine) {
        return machine.getStatus() == null ? null : machine.getStatus().getLastOperation();
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

    private static UpdateControl<Machine> providerTrouble(Machine machine, String what, ProviderException e) {
        Duration delay = e.retryAfter().filter(d -> d.compareTo(RECHECK) > 0).orElse(RECHECK);
        LOG.infof("Machine %s: %s failed (%s), trying again in %d s: %s", ref(machine), what, e.kind(),
                delay.toSeconds(), e.getMessage());
        return UpdateControl.<Machine>noUpdate().rescheduleAfter(delay);
    }

    /** Akua answers a stale {@code if-match} with 409 ABORTED; a 409 FAILED_PRECONDITION is about the state instead. */
    static boolean isStaleEtag(ProviderException e) {
        if (e.kind() != ProviderException.Kind.CONFLICT) {
            return false;
        }
        String status = e.details().getOrDefault("status", "");
        return status.equalsIgnoreCase("ABORTED") || e.providerCode().map("aborted"::equalsIgnoreCase).orElse(false)
                || e.details().containsKey("current_etag");
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
