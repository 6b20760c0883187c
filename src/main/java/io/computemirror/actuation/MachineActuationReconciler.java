package io.computemirror.actuation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.computemirror.actuation.ActuationRules.CheckProvider;
import io.computemirror.actuation.ActuationRules.Intent;
import io.computemirror.actuation.ActuationRules.Nothing;
import io.computemirror.actuation.ActuationRules.Unsupported;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineSpec;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Machine actuation: the desired suspension ({@link DesiredSuspensions}: {@code spec.suspended} or a MachineSchedule) becomes an Akua
 * {@code :suspend} or {@code :resume}, taken exactly once per desired change and followed to its end. This class
 * wires and dispatches; {@link Actuation} takes the steps.
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
 * <p>
 * The Machine's ComputeProvider comes from an informer cache of ComputeProviders, mapped to Machines by
 * {@code spec.providerRef}; a spec change of an account (e.g. {@code spec.paused} turned off) reconciles its
 * Machines. {@code spec.paused: true} holds every suspend and resume of the account (an operation already running is
 * still followed to its end, so its result is recorded).
 * <p>
 * A deleted Machine's in-memory entries are dropped when JOSDK reports the deletion ({@link MachineDeletions}; no
 * finalizer).
 */
@ControllerConfiguration(name = "machine-actuation", generationAwareEventProcessing = true)
public class MachineActuationReconciler implements Reconciler<Machine> {

    /** Index of the Machine cache: {@code <namespace>/<spec.providerRef.name>}. */
    private static final String BY_PROVIDER = "byProviderRef";

    private static final Logger LOG = Logger.getLogger(MachineActuationReconciler.class);

    private final DesiredSuspensions suspensions;
    private final Actuation actuation;
    private final ActuationAccounts accounts;
    private final ActuationEvents events;

    public MachineActuationReconciler(
            DesiredSuspensions suspensions, Actuation actuation, ActuationAccounts accounts, ActuationEvents events) {
        this.suspensions = suspensions;
        this.actuation = actuation;
        this.accounts = accounts;
        this.events = events;
    }

    @Override
    public List<EventSource<?, Machine>> prepareEventSources(EventSourceContext<Machine> context) {
        context.getPrimaryCache()
                .addIndexer(
                        BY_PROVIDER,
                        m -> m.getSpec() == null || m.getSpec().getProviderRef() == null
                                ? List.of()
                                : List.of(m.getMetadata().getNamespace() + "/"
                                        + m.getSpec().getProviderRef().getName()));
        InformerEventSource<ComputeProvider, Machine> providers = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(ComputeProvider.class, Machine.class)
                        .withName("computeproviders")
                        .withNamespacesInheritedFromController()
                        .withPrimaryToSecondaryMapper((Machine m) -> Set.of(new ResourceID(
                                m.getSpec().getProviderRef().getName(),
                                m.getMetadata().getNamespace())))
                        .withSecondaryToPrimaryMapper(cp -> context
                                .getPrimaryCache()
                                .byIndex(
                                        BY_PROVIDER,
                                        cp.getMetadata().getNamespace() + "/"
                                                + cp.getMetadata().getName())
                                .stream()
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        // Its spec (paused, endpoint, credentials) is what the actuation depends on; the status
                        // changes at every poll and must not wake every Machine of the account.
                        .withOnUpdateFilter((now, before) -> !Objects.equals(
                                now.getMetadata().getGeneration(),
                                before.getMetadata().getGeneration()))
                        .build(),
                context);
        List<EventSource<?, Machine>> sources = new ArrayList<>(List.of(providers, new MachineDeletions(this::forget)));
        // A source of desired states other than the spec (MachineSchedules) wakes the Machines its decision moves.
        sources.addAll(suspensions.eventSources(context));
        return sources;
    }

    @Override
    public UpdateControl<Machine> reconcile(Machine machine, Context<Machine> context) {
        UpdateControl<Machine> control = act(machine, context);
        // A deletion heard while this reconcile ran may have come before an entry it made: drop that one too.
        if (context.getPrimaryCache().get(ResourceID.fromResource(machine)).isEmpty()) {
            forget(machine.getMetadata().getUid());
        }
        return control;
    }

    private UpdateControl<Machine> act(Machine machine, Context<Machine> context) {
        KubernetesClient client = context.getClient();
        ComputeProvider provider =
                context.getSecondaryResource(ComputeProvider.class).orElse(null);
        MachineStatus current = machine.getStatus();
        if (current != null
                && current.getOperation() != null
                && current.getOperation().getId() != null) {
            return actuation.follow(client, machine, provider);
        }
        Optional<DesiredSuspension> desired = suspensions.of(machine);
        Intent intent = ActuationRules.intent(machine, desired);
        if (intent instanceof Nothing) {
            actuation.settle(client, machine, provider);
            return UpdateControl.noUpdate();
        }
        if (intent instanceof Unsupported unsupported) {
            actuation.refuseUnsupported(client, machine, provider, unsupported.type());
            return UpdateControl.noUpdate();
        }
        Optional<Machine> mirror = otherMirrorOfTheSameMachine(machine, context);
        if (mirror.isPresent()) {
            events.onceWarning(
                    machine,
                    "DuplicateMachine",
                    "spec.suspended is not acted on: Machine "
                            + mirror.get().getMetadata().getName() + " already mirrors "
                            + machine.getSpec().getProviderRef().getName() + "/"
                            + machine.getSpec().getExternalId()
                            + "; set spec.suspended there (or write your manifest under that name) and delete this one");
            return UpdateControl.noUpdate();
        }
        return actuation.start(client, machine, provider, desired.orElseThrow(), ((CheckProvider) intent).action());
    }

    /** Drops every in-memory entry kept for a deleted Machine. */
    void forget(String uid) {
        LOG.debugf("Machine with uid %s deleted: its in-memory entries are dropped", uid);
        events.forget(uid);
        accounts.forget(uid);
    }

    /**
     * The Machine the sync mirrors this machine into, when that is another resource: two resources naming one
     * machine must not both act on it. The sync keeps the oldest (then by name) and leaves the others alone.
     */
    private static Optional<Machine> otherMirrorOfTheSameMachine(Machine machine, Context<Machine> context) {
        MachineSpec spec = machine.getSpec();
        return context.getPrimaryCache()
                .list(
                        machine.getMetadata().getNamespace(),
                        m -> m.getSpec() != null
                                && spec.getExternalId().equals(m.getSpec().getExternalId())
                                && spec.getProviderRef().equals(m.getSpec().getProviderRef()))
                .min(Comparator.comparing((Machine m) ->
                                Objects.requireNonNullElse(m.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(m -> m.getMetadata().getName()))
                .filter(first -> !first.getMetadata()
                        .getName()
                        .equals(machine.getMetadata().getName()));
    }
}
