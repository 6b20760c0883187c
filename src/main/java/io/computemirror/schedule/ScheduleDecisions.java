package io.computemirror.schedule;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.computemirror.actuation.DesiredSuspension;
import io.computemirror.actuation.DesiredSuspensions;
import io.computemirror.api.v1alpha1.FieldManagers;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineSchedule;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.computemirror.kube.StatusApply;
import io.computemirror.schedule.ScheduleRules.Decision;
import io.computemirror.schedule.ScheduleRules.Kind;
import io.computemirror.sync.MachineStatusRefresher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the schedules say for one Machine now: the machine actuation's {@link DesiredSuspensions} source (it replaces
 * the default spec-only one). The desired suspension with the edge's key ({@link #of}; a Machine's own
 * {@code spec.suspended} wins), the {@code maxConcurrent} slots ({@link #mayStart}, {@link #ended}), and the
 * event sources that make the actuation look at a machine when a schedule changes or a slot frees
 * ({@link #eventSources}, {@link #poke}).
 * <p>
 * Writes {@code status.desiredSuspended} and {@code status.desiredSuspendedBy} under its own field manager
 * {@value FieldManagers#SCHEDULE}, only when they change.
 */
@ApplicationScoped
public class ScheduleDecisions implements DesiredSuspensions {

    private static final Logger LOG = Logger.getLogger(ScheduleDecisions.class);
    private static final StatusApply APPLY = new StatusApply(FieldManagers.SCHEDULE);

    private final Clock clock;
    private final ScheduleViews views;
    private final MachineStatusRefresher refresher;
    /** Writes desiredSuspended / desiredSuspendedBy (the actuation asks {@link #of} without a client). */
    private final KubernetesClient client;

    private final ConcurrencyGate gate = new ConcurrencyGate();

    private volatile InformerEventSource<MachineSchedule, Machine> schedules;
    private volatile IndexerResourceCache<Machine> machines;
    private final SimpleInboundEventSource<Machine> trigger = new SimpleInboundEventSource<>("schedule-trigger");

    public ScheduleDecisions(
            Clock clock, ScheduleViews views, MachineStatusRefresher refresher, KubernetesClient client) {
        this.clock = clock;
        this.client = client;
        this.views = views;
        this.refresher = refresher;
    }

    /**
     * The actuation's event sources for schedules: a MachineSchedule created, changed (new generation) or deleted
     * makes every Machine it selects reconcile; {@link #poke} makes one Machine reconcile.
     */
    @Override
    public List<EventSource<?, Machine>> eventSources(EventSourceContext<Machine> context) {
        IndexerResourceCache<Machine> cache = context.getPrimaryCache();
        InformerEventSource<MachineSchedule, Machine> informer = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(MachineSchedule.class, Machine.class)
                        .withName("machine-schedules")
                        .withNamespacesInheritedFromController()
                        .withOnUpdateFilter((now, before) -> !Objects.equals(
                                now.getMetadata().getGeneration(),
                                before.getMetadata().getGeneration()))
                        .withSecondaryToPrimaryMapper(schedule -> {
                            ScheduleView view = views.of(schedule);
                            return cache.list(schedule.getMetadata().getNamespace(), view::selects)
                                    .map(ResourceID::fromResource)
                                    .collect(java.util.stream.Collectors.toSet());
                        })
                        .build(),
                context);
        this.schedules = informer;
        this.machines = cache;
        return List.of(informer, trigger);
    }

    /**
     * The desired suspension of this Machine now (spec first, then its governing schedule), recorded in its status
     * when it changed.
     */
    @Override
    public Optional<DesiredSuspension> of(Machine machine) {
        Decision decision = decide(machine);
        record(machine, decision.desired());
        return decision.desired();
    }

    /** The decision for one Machine now, from the schedules in the actuation's cache (none before it started). */
    Decision decide(Machine machine) {
        InformerEventSource<MachineSchedule, Machine> source = schedules;
        List<ScheduleView> inNamespace = source == null
                ? List.of()
                : source.list(machine.getMetadata().getNamespace(), s -> true)
                        .map(views::of)
                        .toList();
        return ScheduleRules.decide(machine, inNamespace, clock.instant());
    }

    /**
     * Whether a scheduled operation may start on this machine now without exceeding its schedule's
     * {@code maxConcurrent}; a refused machine is reconciled again when a slot frees. Always true for the spec.
     */
    @Override
    public boolean mayStart(Machine machine, DesiredSuspension desired) {
        if (DesiredSuspension.SPEC.equals(desired.decidedBy())) {
            return true;
        }
        Decision decision = decide(machine);
        if (decision.kind() != Kind.SCHEDULE) {
            return true;
        }
        ScheduleView schedule = decision.governing();
        IndexerResourceCache<Machine> cache = machines;
        List<ConcurrencyGate.Recorded> recorded = cache == null
                ? List.of()
                : cache.list(
                                machine.getMetadata().getNamespace(),
                                m -> m.getStatus() != null
                                        && m.getStatus().getOperation() != null
                                        && m.getStatus().getOperation().getId() != null
                                        && schedule.ref().equals(m.getStatus().getDesiredSuspendedBy()))
                        .map(m -> new ConcurrencyGate.Recorded(
                                m.getMetadata().getUid(),
                                m.getStatus().getOperation().getId()))
                        .toList();
        boolean may = gate.enter(
                schedule.uid(), schedule.maxConcurrent(), machine.getMetadata().getUid(), recorded);
        if (!may) {
            LOG.debugf(
                    "Machine %s/%s waits: %s has %d machines changing state (maxConcurrent)",
                    machine.getMetadata().getNamespace(),
                    machine.getMetadata().getName(),
                    schedule.ref(),
                    schedule.maxConcurrent());
        }
        return may;
    }

    /**
     * The machine's operation ended, or none was started after {@link #mayStart}: its slot is free, and the machines
     * that waited for one (and this one, whose schedule may have moved on meanwhile) look again.
     */
    @Override
    public void ended(Machine machine, String operationId) {
        Set<String> wake = gate.leave(machine.getMetadata().getUid(), operationId);
        IndexerResourceCache<Machine> cache = machines;
        if (cache != null && !wake.isEmpty()) {
            cache.list(
                            machine.getMetadata().getNamespace(),
                            m -> wake.contains(m.getMetadata().getUid()))
                    .forEach(m -> poke(ResourceID.fromResource(m)));
        }
    }

    /** Makes the actuation reconcile this Machine (a schedule edge, a slot freed, a skip that ended). */
    public void poke(ResourceID machine) {
        // Before the actuation started (or on a standby replica) nothing listens: it reconciles every Machine when it
        // starts anyway.
        if (trigger.isRunning()) {
            trigger.propagateEvent(machine);
        }
    }

    /** Writes desiredSuspended / desiredSuspendedBy when they differ from the status, then Ready from them. */
    private void record(Machine machine, Optional<DesiredSuspension> decided) {
        Boolean suspended = decided.map(DesiredSuspension::suspended).orElse(null);
        String decidedBy = decided.map(DesiredSuspension::decidedBy).orElse(null);
        MachineStatus status = machine.getStatus();
        if (status == null || status.getProviderType() == null) {
            return; // not mirrored yet: the sync's first write comes first
        }
        if (Objects.equals(status.getDesiredSuspended(), suspended)
                && Objects.equals(status.getDesiredSuspendedBy(), decidedBy)) {
            return;
        }
        MachineStatus fields = new MachineStatus();
        fields.setConditions(null); // the conditions list belongs to the sync's field manager
        fields.setDesiredSuspended(suspended);
        fields.setDesiredSuspendedBy(decidedBy);
        Machine written = APPLY.apply(client, machine, Machine::new, fields);
        LOG.debugf(
                "Machine %s/%s: desired suspended=%s by %s",
                machine.getMetadata().getNamespace(), machine.getMetadata().getName(), suspended, decidedBy);
        // The reconciled object (JOSDK's copy) carries on with the fields just written: Ready depends on them.
        status.setDesiredSuspended(suspended);
        status.setDesiredSuspendedBy(decidedBy);
        machine.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
        refresher.refreshConditions(client, machine);
    }

    /** Parsed schedules by uid and generation, so a reconcile does not parse every cron again. */
    @ApplicationScoped
    public static class ScheduleViews {
        private static final int MAX = 1_000;
        private final Map<String, ScheduleView> byUidAndGeneration = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ScheduleView> eldest) {
                return size() > MAX;
            }
        };

        public synchronized ScheduleView of(MachineSchedule schedule) {
            String key = schedule.getMetadata().getUid() + "/"
                    + schedule.getMetadata().getGeneration();
            return byUidAndGeneration.computeIfAbsent(key, k -> ScheduleView.of(schedule));
        }
    }
}
