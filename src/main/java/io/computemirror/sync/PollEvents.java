package io.computemirror.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.computemirror.kube.EventRecorder;
import io.computemirror.sync.MirrorKind.MirrorEvent;
import io.computemirror.sync.SyncPlan.Write;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One poll's market Events for one ComputeProvider: Events that carry a summary reason (an offer's price, phase or
 * disappearance) are taken out of the writes and recorded once the poll's writes are done. Up to
 * {@value #OWN_EVENTS} of one reason a poll each go on their mirror, as before; beyond that the poll writes one
 * summary Event on the ComputeProvider instead ("412 GpuOffers changed price ..."), so a market-wide repricing costs
 * one Event, not one per offer. Holds at most {@value #OWN_EVENTS} Events a reason and a few running figures, whatever
 * the size of the poll. Used by the polling thread only.
 */
final class PollEvents {

    /** Events of one reason a poll that still go on their mirrors; more become one summary. */
    static final int OWN_EVENTS = 10;
    /** Mirrors a summary names as examples. */
    private static final int EXAMPLES = 3;
    /** Different messages a summary counts separately; the rest are counted as "other". */
    private static final int MESSAGES = 5;

    private final Map<String, Summary> summaries = new LinkedHashMap<>();

    /** The batch with the summarised Events taken out; they are kept here until {@link #record}. */
    <R> List<Write<R>> take(List<Write<R>> batch) {
        List<Write<R>> kept = new ArrayList<>(batch.size());
        for (Write<R> write : batch) {
            if (write.events().stream().noneMatch(e -> e.summaryReason() != null)) {
                kept.add(write);
                continue;
            }
            List<MirrorEvent> own = new ArrayList<>();
            for (MirrorEvent event : write.events()) {
                if (event.summaryReason() == null) {
                    own.add(event);
                } else {
                    summaries
                            .computeIfAbsent(event.summaryReason(), r -> new Summary())
                            .add(mirror(write), event);
                }
            }
            kept.add(
                    new Write<>(write.name(), write.identity(), write.status(), write.delete(), write.previous(), own));
        }
        return kept;
    }

    /**
     * Records what the poll collected: each Event on its mirror when a reason had at most {@value #OWN_EVENTS}, else
     * one summary Event on {@code provider}.
     *
     * @param kind the mirrors' kind, for the summary's message ("GpuOffer")
     */
    void record(EventRecorder events, HasMetadata provider, String kind) {
        summaries.forEach((summaryReason, summary) -> {
            if (summary.count <= OWN_EVENTS) {
                summary.own.forEach(o -> events.record(
                        o.mirror(),
                        o.event().type(),
                        o.event().reason(),
                        o.event().message()));
            } else {
                events.record(provider, summary.type, summaryReason, summary.message(kind));
            }
        });
        summaries.clear();
    }

    /** The mirror an Event is about: as it was before the writes (its uid does not change). */
    private static HasMetadata mirror(Write<?> write) {
        Object any = write.previous() != null
                ? write.previous()
                : write.status() != null ? write.status() : write.identity();
        return (HasMetadata) any;
    }

    private record Own(HasMetadata mirror, MirrorEvent event) {}

    private record Moved(String mirror, PriceMove move) {}

    /** What a poll saw of one summary reason. */
    private static final class Summary {

        private final List<Own> own = new ArrayList<>();
        private final List<String> examples = new ArrayList<>();
        private final Map<String, Integer> messages = new LinkedHashMap<>();
        private String type = "Normal";
        private String reason;
        private int count;
        private int otherMessages;
        private int cheaper;
        private int dearer;
        private Moved biggestDrop;
        private Moved biggestRise;

        void add(HasMetadata mirror, MirrorEvent event) {
            count++;
            reason = event.reason();
            if ("Warning".equals(event.type())) {
                type = "Warning";
            }
            String name = mirror.getMetadata().getName();
            if (own.size() < OWN_EVENTS) {
                own.add(new Own(mirror, event.own()));
            }
            if (examples.size() < EXAMPLES) {
                examples.add(name);
            }
            if (!event.prices().isEmpty()) {
                addPrices(name, event.prices());
            } else if (messages.containsKey(event.message()) || messages.size() < MESSAGES) {
                messages.merge(event.message(), 1, Integer::sum);
            } else {
                otherMessages++;
            }
        }

        private void addPrices(String name, List<PriceMove> moves) {
            if (moves.get(0).cheaper()) {
                cheaper++;
            } else {
                dearer++;
            }
            Comparator<PriceMove> byChange = Comparator.comparing(PriceMove::relative);
            for (PriceMove move : moves) {
                if (move.cheaper() && (biggestDrop == null || byChange.compare(move, biggestDrop.move()) < 0)) {
                    biggestDrop = new Moved(name, move);
                }
                if (!move.cheaper() && (biggestRise == null || byChange.compare(move, biggestRise.move()) > 0)) {
                    biggestRise = new Moved(name, move);
                }
            }
        }

        String message(String kind) {
            StringBuilder text =
                    new StringBuilder().append(count).append(' ').append(kind).append('s');
            if (cheaper + dearer > 0) {
                text.append(" changed price this poll (")
                        .append(cheaper)
                        .append(" cheaper, ")
                        .append(dearer)
                        .append(" dearer)");
                if (biggestDrop != null) {
                    text.append("; biggest drop: ")
                            .append(biggestDrop.mirror())
                            .append(' ')
                            .append(biggestDrop.move().describeWithPercent());
                }
                if (biggestRise != null) {
                    text.append("; biggest rise: ")
                            .append(biggestRise.mirror())
                            .append(' ')
                            .append(biggestRise.move().describeWithPercent());
                }
            } else {
                text.append(" had a ")
                        .append(reason)
                        .append(" Event this poll: ")
                        .append(messages.entrySet().stream()
                                .map(e -> e.getValue() + "× " + e.getKey())
                                .collect(Collectors.joining(", ")));
                if (otherMessages > 0) {
                    text.append(", ").append(otherMessages).append("× other");
                }
                text.append("; e.g. ").append(String.join(", ", examples));
            }
            return text.append(" (one Event here instead of one on each ")
                    .append(kind)
                    .append(" above ")
                    .append(OWN_EVENTS)
                    .append(" a poll)")
                    .toString();
        }
    }
}
