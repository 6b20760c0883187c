package io.computemirror.sandbox;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Simulator of the Clore-on-Hiveon listing {@code GET /clore/v1/machines} ({@code https://api.hiveon.ai}): paging
 * and list faults in {@link CloreListing}, the {@code filter} parameter in {@link CloreFilter}, sample offers from
 * {@link CloreSeed}; this class holds the offers and changes them. The listing holds available and unavailable
 * machines; filter with {@code machine_status:available}. A price change gives the price entry a new id, as the docs
 * promise a price id never changes its amount.
 *
 * <p>Run-time state changes ({@code POST /_sandbox/state}): {@code {"action":"set_price","machine_id":...,
 * "amount":"1.25"}} (the USD price), {@code {"action":"set_status","machine_id":...,"status":"unavailable"}},
 * {@code {"action":"remove","machine_id":...}}, {@code {"action":"add","count":N}} and {@code {"action":"advance"}}.
 */
public final class CloreSimulator extends SimulatorServer<CloreSimulator> {

    /** JWT-shaped bearer token accepted by default. */
    public static final String DEFAULT_TOKEN =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjbG9yZS1zYW5kYm94In0.c2FuZGJveC1zaWduYXR1cmU";
    /** Number of the first page. */
    public static final int FIRST_PAGE = 1;
    /** Page size when the request names none. */
    public static final int DEFAULT_PAGE_SIZE = 10;
    /** Largest page size served; larger requests are capped. */
    public static final int MAX_PAGE_SIZE = 100;
    /** The listing path. */
    public static final String PATH = "/clore/v1/machines";

    /** One price option of an offer. */
    public record Price(String id, String amount, String currency) {}

    /** One GPU of an offer. */
    public record Gpu(String id, String name, int memory, int cudaCores, int tensorCores, int flops) {}

    /** One listed machine (an offer); immutable, replaced on change. */
    public record Offer(
            String machineId,
            String status,
            List<Price> prices,
            String country,
            String city,
            String cudaVersion,
            String cpuModel,
            int cores,
            int threads,
            int baseClock,
            int boostClock,
            int totalMemory,
            int memoryRequired,
            int diskSpace,
            String diskType,
            String diskName,
            List<Gpu> gpus,
            int bandwidth) {

        Offer withStatus(String newStatus) {
            return new Offer(
                    machineId,
                    newStatus,
                    prices,
                    country,
                    city,
                    cudaVersion,
                    cpuModel,
                    cores,
                    threads,
                    baseClock,
                    boostClock,
                    totalMemory,
                    memoryRequired,
                    diskSpace,
                    diskType,
                    diskName,
                    gpus,
                    bandwidth);
        }

        Offer withPrices(List<Price> newPrices) {
            return new Offer(
                    machineId,
                    status,
                    newPrices,
                    country,
                    city,
                    cudaVersion,
                    cpuModel,
                    cores,
                    threads,
                    baseClock,
                    boostClock,
                    totalMemory,
                    memoryRequired,
                    diskSpace,
                    diskType,
                    diskName,
                    gpus,
                    bandwidth);
        }
    }

    /** What one {@link #advance()} step changed. */
    public record Change(int removed, int added, int repriced, int statusChanged) {}

    /** The list (and operation) faults this simulator applies besides the common ones. */
    private static final Set<Faults.Kind> OWN_FAULTS = EnumSet.of(
            Faults.Kind.SHORT_PAGE,
            Faults.Kind.EMPTY_LIST,
            Faults.Kind.DUPLICATE_ID,
            Faults.Kind.SHIFT_LISTING,
            Faults.Kind.WRONG_TOTAL);

    private final List<Offer> offers = new ArrayList<>();
    private final CloreListing listing = new CloreListing(lock, offers, faults());
    private int offerCount = 200;
    private Random random;

    /** A stopped simulator with 200 offers from seed 1 and token {@link #DEFAULT_TOKEN}. */
    public CloreSimulator() {
        super("Clore", DEFAULT_TOKEN, OWN_FAULTS);
        regenerate();
    }

    /** Regenerates {@code count} offers. */
    public CloreSimulator withOffers(int count) {
        return regenerateAfter(() -> offerCount = count);
    }

    /** Snapshot of all offers in listing order. */
    public List<Offer> offers() {
        synchronized (lock) {
            return List.copyOf(offers);
        }
    }

    /** Number of listed offers. */
    public int offerCount() {
        synchronized (lock) {
            return offers.size();
        }
    }

    /**
     * One seeded change step: about 1% of offers vanish, as many new ones appear (at the end of the listing),
     * 2% change price and 2% flip between available and unavailable.
     */
    public Change advance() {
        synchronized (lock) {
            int share = Math.max(1, offers.size() / 100);
            int removed = removeOffers(share);
            int added = addOffers(share);
            int repriced = reprice(Math.max(1, offers.size() / 50));
            int flipped = 0;
            for (int i = 0; i < Math.max(1, offers.size() / 50) && !offers.isEmpty(); i++) {
                int index = random.nextInt(offers.size());
                Offer offer = offers.get(index);
                offers.set(index, offer.withStatus(offer.status().equals("available") ? "unavailable" : "available"));
                flipped++;
            }
            return new Change(removed, added, repriced, flipped);
        }
    }

    /** Gives {@code fraction} (0..1) of the offers a new price (with a new price id); returns how many changed. */
    public int changePrices(double fraction) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be within 0..1, was " + fraction);
        }
        synchronized (lock) {
            return reprice((int) Math.round(offers.size() * fraction));
        }
    }

    /** Sets one offer's USD price to {@code amount} (a decimal string) under a new price id; other prices stay. */
    public void setPrice(String machineId, String amount) {
        String plain = new BigDecimal(amount).toPlainString();
        synchronized (lock) {
            int index = indexOf(machineId);
            Offer offer = offers.get(index);
            List<Price> prices = new ArrayList<>(offer.prices().stream()
                    .filter(p -> !p.currency().equals("USD"))
                    .toList());
            prices.add(new Price(SeededIds.uuid(random).toString(), plain, "USD"));
            offers.set(index, offer.withPrices(List.copyOf(prices)));
        }
    }

    /** Removes {@code count} seeded-random offers; returns how many were removed. */
    public int removeOffers(int count) {
        synchronized (lock) {
            int removed = 0;
            while (removed < count && !offers.isEmpty()) {
                offers.remove(random.nextInt(offers.size()));
                removed++;
            }
            return removed;
        }
    }

    /** Removes one offer, as if it left the market; returns whether it was listed. */
    public boolean removeOffer(String machineId) {
        synchronized (lock) {
            return offers.removeIf(o -> o.machineId().equals(machineId));
        }
    }

    /** Appends {@code count} new seeded offers; returns {@code count}. */
    public int addOffers(int count) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                offers.add(CloreSeed.offer(random));
            }
            return count;
        }
    }

    /** Sets one offer's status ({@code available} or {@code unavailable}). */
    public void setStatus(String machineId, String status) {
        synchronized (lock) {
            int index = indexOf(machineId);
            offers.set(index, offers.get(index).withStatus(status));
        }
    }

    @Override
    protected SimResponse route(SimRequest request) {
        return listing.list(request);
    }

    @Override
    protected JsonNode stateCommand(AdminCommand command) {
        ObjectNode result = SimJson.object().put("action", command.action());
        switch (command.action()) {
            case "set_price" -> setPrice(command.text("machine_id"), command.text("amount"));
            case "set_status" -> setStatus(command.text("machine_id"), command.text("status"));
            case "remove" -> {
                if (!removeOffer(command.text("machine_id"))) {
                    throw SimulatorException.notFound("no Clore offer with machine id " + command.text("machine_id"));
                }
            }
            case "add" -> {
                synchronized (lock) {
                    int before = offers.size();
                    addOffers(command.intValue("count", 1));
                    offers.subList(before, offers.size())
                            .forEach(o -> result.withArray("added").add(o.machineId()));
                }
            }
            case "advance" -> {
                Change change = advance();
                result.put("removed", change.removed())
                        .put("added", change.added())
                        .put("repriced", change.repriced())
                        .put("status_changed", change.statusChanged());
            }
            default -> throw command.unknown("set_price, set_status, remove, add, advance");
        }
        return result.put("offers", offerCount());
    }

    private int indexOf(String machineId) {
        for (int i = 0; i < offers.size(); i++) {
            if (offers.get(i).machineId().equals(machineId)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no Clore offer with machine id " + machineId);
    }

    private int reprice(int count) {
        if (offers.isEmpty() || count <= 0) {
            return 0;
        }
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < offers.size(); i++) {
            indexes.add(i);
        }
        Collections.shuffle(indexes, random);
        int changed = Math.min(count, offers.size());
        for (int i = 0; i < changed; i++) {
            int index = indexes.get(i);
            Offer offer = offers.get(index);
            offers.set(
                    index,
                    offer.withPrices(CloreSeed.prices(random, offer.gpus().size())));
        }
        return changed;
    }

    @Override
    protected void regenerate() {
        Random generator = new Random(seed());
        random = new Random(seed() * 31 + 11);
        offers.clear();
        offers.addAll(CloreSeed.offers(generator, offerCount));
    }
}
