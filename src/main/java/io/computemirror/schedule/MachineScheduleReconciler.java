package io.computemirror.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.computemirror.api.v1alpha1.FieldManagers;
import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineSchedule;
import io.computemirror.api.v1alpha1.MachineScheduleStatus;
import io.computemirror.api.v1alpha1.MachineScheduleStatus.Problem;
import io.computemirror.api.v1alpha1.MachineStatus.MachineOperation.Action;
import io.computemirror.kube.KubeEvents;
import io.computemirror.kube.StatusApply;
import io.computemirror.schedule.ScheduleDecisions.ScheduleViews;
import io.computemirror.schedule.ScheduleStatusPlan.Governed;
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
 * Keeps a MachineSchedule's status (what it says now and next, how far its machines follow) and drives its edges:
 * it reconciles again at every edge (and when a skip ends), and then pokes the machine actuation for each machine
 * whose recorded decision is stale or that was not tried for this edge yet. It never acts on a provider itself:
 * the actuation does, through {@link ScheduleDecisions}.
 * <p>
 * Events: {@code ScheduledSuspend} / {@code ScheduledResume} (Normal) on each governed Machine the schedule moves
 * (once per machine and edge); {@code MachineNotInScheduledState} (Warning) on the schedule when a machine's operation for the current
 * edge failed; {@code ScheduleConflict} (Warning) on the schedule when a machine is selected by another schedule too.
 */
@ControllerConfiguration(name = "machine-schedule")
public class MachineScheduleReconciler implements Reconciler<MachineSchedule> {

    private static final Logger LOG = Logger.getLogger(MachineScheduleReconciler.class);
    private static final StatusApply APPLY = new StatusApply(FieldManagers.SCHEDULE);
    /** A little after the edge, so the arithmetic surely sees the new state. */
    private static final Duration AFTER_EDGE = Duration.ofMillis(50);

    private final Clock clock;
    private final ScheduleViews views;
    private final ScheduleDecisions decisions;
    private final KubeEvents events;
    /** Machine uid → the edge key whose ScheduledSuspend/Resume Event was recorded (bounded: one entry a machine). */
    private final Map<String, String> announced = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 100_000;
        }
    });
    /** The namespace's schedules as the informer that reports their changes sees them (set at start). */
    private volatile InformerEventSource<MachineSchedule, MachineSchedule> neighbours;
    /** Machines of the watched namespaces (set when the controller starts). */
    private volatile InformerEventSource<Machine, MachineSchedule> machines;

    private final ScheduleMetrics metrics;

    public MachineScheduleReconciler(
            Clock clock, ScheduleViews views, ScheduleDecisions decisions, KubeEvents events, ScheduleMetrics metrics) {
        this.metrics = metrics;
        this.clock = clock;
        this.views = views;
        this.decisions = decisions;
        this.events = events;
    }

    @Override
    public List<EventSource<?, MachineSchedule>> prepareEventSources(EventSourceContext<MachineSchedule> context) {
        // Any Machine change in a namespace may change what its schedules report (labels, phase, spec, annotations).
        machines = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Machine.class, MachineSchedule.class)
                        .withName("scheduled-machines")
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(machine -> context.getPrimaryCache()
                                .list(machine.getMetadata().getNamespace())
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .build(),
                context);
        // Another schedule of the namespace created, changed or deleted may change which one governs a machine.
        neighbours = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(MachineSchedule.class, MachineSchedule.class)
                        .withName("neighbour-schedules")
                        .withNamespacesInheritedFromController()
                        // Every deleted schedule passes this informer (it watches them all), and the reconciler has
                        // no cleanup step of its own (no finalizer): the place to drop the schedule's gauge.
                        .withOnDeleteFilter((deleted, finalStateUnknown) -> {
                            metrics.forget(
                                    deleted.getMetadata().getNamespace(),
                                    deleted.getMetadata().getName());
                            return true;
                        })
                        .withOnUpdateFilter((now, before) -> !Objects.equals(
                                now.getMetadata().getGeneration(),
                                before.getMetadata().getGeneration()))
                        .withSecondaryToPrimaryMapper(schedule -> context.getPrimaryCache()
                                .list(schedule.getMetadata().getNamespace())
                                .filter(s -> !s.getMetadata()
                                        .getName()
                                        .equals(schedule.getMetadata().getName()))
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .build(),
                context);
        return List.of(machines, neighbours);
    }

    @Override
    public UpdateControl<MachineSchedule> reconcile(MachineSchedule schedule, Context<MachineSchedule> context) {
        Instant now = clock.instant();
        String ns = schedule.getMetadata().getNamespace();
        ScheduleView me = views.of(schedule);
        // The schedules of the namespace from the informer whose event may have caused this reconcile (the primary
        // cache may not have seen a just created neighbour yet), plus this one; deleted ones are in neither.
        Map<String, MachineSchedule> byUid = new LinkedHashMap<>();
        neighbours.list(ns, x -> true).forEach(x -> byUid.put(x.getMetadata().getUid(), x));
        byUid.put(schedule.getMetadata().getUid(), schedule);
        List<ScheduleView> all = byUid.values().stream().map(views::of).toList();
        List<Machine> machines = this.machines.list(ns, m -> true).toList();
        ScheduleStatusPlan plan = ScheduleStatusPlan.of(me, all, machines, now);
        MachineScheduleStatus before =
                schedule.getStatus() == null ? new MachineScheduleStatus() : schedule.getStatus();
        MachineScheduleStatus after = plan.status();
        after.setConditions(plan.progress().conditions(before.getConditions(), plan.ready(), me.generation(), now));
        metrics.blocked(ns, schedule.getMetadata().getName(), me.invalid() != null || stalled(after));

        if (after.getLastTransition() != null
                && !Objects.equals(before.getLastTransition(), after.getLastTransition())) {
            LOG.infof(
                    "%s: %s edge at %s, %d of %d governed machines to move",
                    me.ref(),
                    after.getLastTransition().getAction(),
                    after.getLastTransition().getTime(),
                    plan.governed().stream().filter(g -> !g.inState()).count(),
                    plan.governed().size());
        }
        movingEvents(me, plan);
        warnNewProblems(schedule, before, after);
        if (!sameStatus(before, after)) {
            APPLY.apply(context.getClient(), schedule, MachineSchedule::new, after);
        }
        plan.poke().forEach(m -> decisions.poke(ResourceID.fromResource(m)));
        return UpdateControl.<MachineSchedule>noUpdate()
                .rescheduleAfter(plan.recheckAfter().plus(AFTER_EDGE));
    }

    /**
     * A Normal Event on each governed machine the schedule is about to move (once per machine and edge): at an edge,
     * when a schedule is created or resumed, when a skip ends.
     */
    private void movingEvents(ScheduleView me, ScheduleStatusPlan plan) {
        for (Governed g : plan.governed()) {
            String key = g.decision().desired().orElseThrow().edgeKey();
            if (!g.due() || key.equals(announced.put(g.machine().getMetadata().getUid(), key))) {
                continue;
            }
            Timetable.Edge edge = g.decision().edge();
            events.normal(
                    g.machine(),
                    edge.action() == Action.Suspend ? "ScheduledSuspend" : "ScheduledResume",
                    me.ref() + ": " + edge.action().name().toLowerCase() + " (edge at "
                            + ScheduleStatusPlan.transition(me, edge).getTime() + ", window " + edge.window() + ")");
        }
    }

    /** A Warning on the schedule for each problem that was not reported in the previous status. */
    private void warnNewProblems(MachineSchedule schedule, MachineScheduleStatus before, MachineScheduleStatus after) {
        Set<Problem> known = new HashSet<>(before.getProblems() == null ? List.of() : before.getProblems());
        for (Problem p : after.getProblems() == null ? List.<Problem>of() : after.getProblems()) {
            if (known.contains(p)) {
                continue;
            }
            if (p.getReason() == Problem.Reason.OperationFailed) {
                events.warning(
                        schedule, "MachineNotInScheduledState", "Machine " + p.getMachine() + ": " + p.getMessage());
            } else if (p.getReason() == Problem.Reason.Conflict) {
                events.warning(schedule, "ScheduleConflict", "Machine " + p.getMachine() + ": " + p.getMessage());
            }
        }
    }

    private static boolean stalled(MachineScheduleStatus status) {
        return status.getConditions() != null
                && status.getConditions().stream()
                        .anyMatch(c -> "Stalled".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean sameStatus(MachineScheduleStatus a, MachineScheduleStatus b) {
        return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && Objects.equals(a.getNextTransition(), b.getNextTransition())
                && Objects.equals(a.getLastTransition(), b.getLastTransition())
                && Objects.equals(a.getMatchedMachines(), b.getMatchedMachines())
                && Objects.equals(a.getMachinesInDesiredState(), b.getMachinesInDesiredState())
                && Objects.equals(a.getProblems(), b.getProblems())
                && Objects.equals(a.getMoreProblems(), b.getMoreProblems())
                && Objects.equals(a.getConditions(), b.getConditions());
    }
}
