package io.computemirror.sync;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.GpuOffer;
import io.computemirror.api.v1alpha1.GpuOfferPhase;
import io.computemirror.api.v1alpha1.GpuOfferSpec;
import io.computemirror.api.v1alpha1.GpuOfferStatus;
import io.computemirror.api.v1alpha1.OfferCpu;
import io.computemirror.api.v1alpha1.OfferGpu;
import io.computemirror.api.v1alpha1.OfferLocation;
import io.computemirror.api.v1alpha1.OfferPrice;
import io.computemirror.api.v1alpha1.OfferStorage;
import io.computemirror.api.v1alpha1.Text;
import io.computemirror.market.pricing.OfferPricer;
import io.computemirror.market.pricing.PriceHistory;
import io.computemirror.market.pricing.PriceNormaliser;
import io.computemirror.provider.GpuInfo;
import io.computemirror.provider.OfferObservation;
import io.computemirror.provider.Price;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Clore marketplace listings as {@link GpuOffer} mirrors (ARCHITECTURE.md §2). */
final class OfferMirrors implements MirrorKind<GpuOffer, GpuOfferStatus, OfferObservation> {

    private final OfferPricer pricer;

    /** Offers priced with the defaults (unit Day, USD, no exchange rates). */
    OfferMirrors() {
        this(OfferPricer.defaults(java.time.Instant.now()));
    }

    /** @param pricer the poll's price normalisation (status.normalizedPrice) */
    OfferMirrors(OfferPricer pricer) {
        this.pricer = pricer;
    }

    @Override
    public Class<GpuOffer> type() {
        return GpuOffer.class;
    }

    @Override
    public String externalId(OfferObservation observation) {
        return observation.externalId();
    }

    @Override
    public String externalId(GpuOffer mirror) {
        return mirror.getSpec() == null ? null : mirror.getSpec().getExternalId();
    }

    @Override
    public String providerName(GpuOffer mirror) {
        return mirror.getSpec() == null || mirror.getSpec().getProviderRef() == null
                ? null
                : mirror.getSpec().getProviderRef().getName();
    }

    /**
     * Labels to select offers with: GPU model (the most common GPU's name, lower-cased, other characters as
     * {@code -}: {@code nvidia-geforce-3090}), GPU count, country (lower-cased) and availability.
     */
    @Override
    public Map<String, String> labels(OfferObservation o) {
        Map<String, String> labels = new LinkedHashMap<>();
        mainGpu(o.gpus())
                .map(OfferMirrors::labelValue)
                .filter(v -> !v.isEmpty())
                .ifPresent(v -> labels.put(ApiConstants.LABEL_GPU_MODEL, v));
        labels.put(ApiConstants.LABEL_GPU_COUNT, Integer.toString(o.gpus().size()));
        if (o.country() != null && !labelValue(o.country()).isEmpty()) {
            labels.put(ApiConstants.LABEL_COUNTRY, labelValue(o.country()));
        }
        labels.put(ApiConstants.LABEL_AVAILABLE, Boolean.toString(o.available()));
        return labels;
    }

    @Override
    public GpuOffer newResource(String providerName, String externalId) {
        GpuOffer offer = new GpuOffer();
        offer.setSpec(new GpuOfferSpec(providerName, externalId));
        return offer;
    }

    @Override
    public GpuOfferStatus observedStatus(OfferObservation o) {
        GpuOfferStatus s = new GpuOfferStatus();
        s.setPhase(o.available() ? GpuOfferPhase.Available : GpuOfferPhase.Unavailable);
        s.setProviderState(Text.clip(o.providerStatus(), 64));
        s.setAvailable(o.available());
        s.setGpus(
                o.gpus().isEmpty()
                        ? null
                        : o.gpus().stream().limit(32).map(OfferMirrors::gpu).toList());
        s.setGpuSummary(o.gpus().isEmpty() ? null : Text.clip(summary(o.gpus()), 256));
        s.setGpuCount(o.gpus().size());
        s.setTotalVramGb(o.gpus().stream()
                .map(GpuInfo::memoryGb)
                .filter(Objects::nonNull)
                .reduce(BigDecimal::add)
                .map(BigDecimal::doubleValue)
                .orElse(null));
        s.setCpu(cpu(o));
        s.setMemoryGb(number(o.ramGb()));
        if (o.storageGb() != null || o.diskType() != null || o.diskName() != null) {
            OfferStorage storage = new OfferStorage();
            storage.setAvailableGb(number(o.storageGb()));
            storage.setType(Text.clip(o.diskType(), 32));
            storage.setName(Text.clip(o.diskName(), 64));
            s.setStorage(storage);
        }
        s.setBandwidthMbps(number(o.bandwidthMbps()));
        if (o.country() != null || o.city() != null) {
            OfferLocation location = new OfferLocation();
            location.setCountry(Text.clip(o.country(), 64));
            location.setCity(Text.clip(o.city(), 128));
            s.setLocation(location);
        }
        s.setCudaVersion(Text.clip(o.cudaVersion(), 32));
        s.setPrices(
                o.prices().isEmpty()
                        ? null
                        : o.prices().stream().limit(16).map(OfferMirrors::price).toList());
        PriceNormaliser.Outcome normalized = pricer.price(
                o.prices(),
                o.gpus().size(),
                o.gpus().stream()
                        .map(GpuInfo::memoryGb)
                        .filter(Objects::nonNull)
                        .reduce(BigDecimal::add)
                        .orElse(null));
        s.setNormalizedPrice(normalized.price());
        s.setNormalizedPriceProblem(normalized.problem());
        return s;
    }

    @Override
    public void carryOver(GpuOffer mirror, GpuOfferStatus status, java.time.Instant now) {
        PriceHistory.carryOver(
                mirror.getStatus(),
                mirror.getMetadata() == null ? null : mirror.getMetadata().getCreationTimestamp(),
                status,
                now);
    }

    @Override
    public GpuOfferStatus emptyStatus() {
        return new GpuOfferStatus();
    }

    @Override
    public GpuOfferStatus owned(GpuOfferStatus status) {
        return Serialization.clone(status);
    }

    /** The sync owns every field of an offer's status: compared as it is, without the copy {@link #owned} makes. */
    @Override
    public JsonNode ownedJson(GpuOfferStatus status) {
        return Serialization.jsonMapper().valueToTree(status);
    }

    @Override
    public void markGone(GpuOfferStatus status) {
        status.setPhase(GpuOfferPhase.Gone);
    }

    @Override
    public Condition ready(GpuOffer mirror, GpuOfferStatus status) {
        GpuOfferPhase phase = status.getPhase() == null ? GpuOfferPhase.Unknown : status.getPhase();
        return switch (phase) {
            case Available ->
                new Condition(
                        ApiConstants.CONDITION_READY, Condition.Status.True, "Available", "the offer can be rented");
            case Gone ->
                new Condition(
                        ApiConstants.CONDITION_READY,
                        Condition.Status.False,
                        "Gone",
                        "the marketplace no longer lists offer " + externalId(mirror));
            default ->
                new Condition(
                        ApiConstants.CONDITION_READY,
                        Condition.Status.False,
                        phase.name(),
                        "the offer is listed as " + status.getProviderState());
        };
    }

    /**
     * Gone, PhaseChanged and PriceChanged on the offer; a market-wide change (more than
     * {@value PollEvents#OWN_EVENTS} offers of one reason in a poll) becomes one OffersGone, PhasesChanged or
     * PricesChanged Event on the ComputeProvider instead ({@link PollEvents}).
     */
    @Override
    public List<MirrorEvent> events(GpuOfferStatus before, GpuOfferStatus after) {
        if (before.getPhase() == null) {
            return List.of();
        }
        List<MirrorEvent> events = new ArrayList<>();
        if (after.getPhase() == GpuOfferPhase.Gone && before.getPhase() != GpuOfferPhase.Gone) {
            events.add(MirrorEvent.summarised(
                    "Warning", "Gone", "the marketplace no longer lists this offer", "OffersGone"));
            return events;
        }
        if (before.getPhase() != after.getPhase()) {
            events.add(MirrorEvent.summarised(
                    "Normal",
                    "PhaseChanged",
                    "phase " + before.getPhase() + " → " + after.getPhase(),
                    "PhasesChanged"));
        }
        List<PriceMove> moves = priceMoves(before.getPrices(), after.getPrices());
        if (!moves.isEmpty()) {
            events.add(new MirrorEvent(
                    "Normal",
                    "PriceChanged",
                    moves.stream().map(m -> "price " + m.describe()).collect(Collectors.joining(", ")),
                    "PricesChanged",
                    moves));
        }
        return events;
    }

    /**
     * Every currency whose (first) price changed, in listing order. Prices are matched by currency, not by id: Clore
     * gives a changed price a new id.
     */
    static List<PriceMove> priceMoves(List<OfferPrice> before, List<OfferPrice> after) {
        Map<String, OfferPrice> old = before == null
                ? new HashMap<>()
                : before.stream()
                        .collect(Collectors.toMap(
                                OfferMirrors::priceKey, Function.identity(), (a, b) -> a, HashMap::new));
        List<PriceMove> moves = new ArrayList<>();
        for (OfferPrice p : after == null ? List.<OfferPrice>of() : after) {
            OfferPrice was = old.remove(priceKey(p));
            if (was != null) {
                BigDecimal from = new BigDecimal(was.getAmount());
                BigDecimal to = new BigDecimal(p.getAmount());
                if (from.compareTo(to) != 0) {
                    moves.add(new PriceMove(p.getCurrency(), from, to));
                }
            }
        }
        return moves;
    }

    private static String priceKey(OfferPrice p) {
        return String.valueOf(p.getCurrency());
    }

    private static java.util.Optional<String> mainGpu(List<GpuInfo> gpus) {
        return gpus.stream()
                .map(GpuInfo::name)
                .filter(Objects::nonNull)
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey);
    }

    /** "2x Nvidia GeForce 3090" or "1x A, 1x B" in listing order. */
    static String summary(List<GpuInfo> gpus) {
        Map<String, Long> counts = gpus.stream()
                .collect(Collectors.groupingBy(
                        g -> g.name() == null ? "unknown GPU" : g.name(), LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .map(e -> e.getValue() + "x " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    /** A label value: lower case, [a-z0-9] with single dashes in between, at most 63 characters. */
    static String labelValue(String text) {
        String value =
                text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return value.length() <= 63 ? value : value.substring(0, 63).replaceAll("-+$", "");
    }

    private static OfferGpu gpu(GpuInfo g) {
        OfferGpu gpu = new OfferGpu();
        gpu.setName(Text.clip(g.name(), 128));
        gpu.setMemoryGb(number(g.memoryGb()));
        gpu.setCudaCores(g.cudaCores());
        gpu.setTensorCores(g.tensorCores());
        gpu.setTflops(number(g.tflops()));
        return gpu;
    }

    private static OfferCpu cpu(OfferObservation o) {
        if (o.cpuModel() == null && o.cpuCores() == null) {
            return null;
        }
        OfferCpu cpu = new OfferCpu();
        cpu.setModel(Text.clip(o.cpuModel(), 128));
        cpu.setArch(Text.clip(o.cpuArch(), 32));
        cpu.setCores(o.cpuCores());
        cpu.setThreads(o.cpuThreads());
        cpu.setBaseClockMhz(o.cpuBaseClockMhz());
        cpu.setBoostClockMhz(o.cpuBoostClockMhz());
        return cpu;
    }

    private static OfferPrice price(Price p) {
        OfferPrice price = new OfferPrice();
        price.setId(Text.clip(p.id(), 64));
        price.setAmount(p.amount().toPlainString());
        price.setCurrency(Text.clip(p.currency(), 16));
        return price;
    }

    private static Double number(BigDecimal value) {
        return value == null ? null : value.doubleValue();
    }
}
