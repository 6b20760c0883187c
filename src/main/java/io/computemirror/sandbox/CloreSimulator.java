package io.computemirror.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Simulator of the Clore-on-Hiveon listing {@code GET /clore/v1/machines} ({@code https://api.hiveon.ai}).
 *
 * <p>Decisions where the docs are silent: pages start at {@value #FIRST_PAGE}; {@code page_size} defaults to
 * {@value #DEFAULT_PAGE_SIZE} and is capped at {@value #MAX_PAGE_SIZE} (the response's {@code page_size} shows the
 * size used); {@code page} below 1 or a {@code page_size} below 1 answers 400; a page past the last one answers 200
 * with an empty {@code machines} list and the real {@code total}. The listing holds available and unavailable
 * machines; filter with {@code machine_status:available}. Filters: {@code gpu_name} (alias {@code gpu}: every word
 * of the value must occur in a GPU name, case-insensitive), {@code cpu_name} (same rule on the CPU model),
 * {@code memory_size}, {@code storage_size}, {@code cpu_cores} (at least this much; a {@code GB} suffix is allowed),
 * {@code machine_id} (exact) and {@code machine_status} (alias {@code machine.status}, exact); any other key answers
 * 400. A price change gives the price entry a new id, as the docs promise a price id never changes its amount.
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

    private static final String[][] GPUS = {
        {"Nvidia GeForce RTX 3090", "24", "10496", "328", "36"},
        {"Nvidia GeForce RTX 3070", "8", "5888", "184", "20"},
        {"Nvidia GeForce RTX 4090", "24", "16384", "512", "83"},
        {"Nvidia RTX A6000", "48", "10752", "336", "39"},
        {"Nvidia A100", "80", "6912", "432", "19"},
        {"Nvidia H100", "80", "16896", "528", "67"},
    };
    private static final String[] CPUS = {"AMD EPYC 7532 32-Core Processor", "AMD Ryzen 9 5950X 16-Core Processor",
        "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz", "Intel(R) Core(TM) i9-13900K"};
    private static final String[][] PLACES = {{"USA", "San Francisco"}, {"Germany", "Frankfurt"},
        {"Finland", "Helsinki"}, {"Canada", "Toronto"}, {"Japan", "Tokyo"}};
    private static final String[] CUDA = {"11.8", "12.1", "12.2", "12.4"};

    /** One price option of an offer. */
    public record Price(String id, String amount, String currency) {
    }

    /** One GPU of an offer. */
    public record Gpu(String id, String name, int memory, int cudaCores, int tensorCores, int flops) {
    }

    /** One listed machine (an offer); immutable, replaced on change. */
    public record Offer(String machineId, String status, List<Price> prices, String country, String city,
            String cudaVersion, String cpuModel, int cores, int threads, int baseClock, int boostClock,
            int totalMemory, int memoryRequired, int diskSpace, String diskType, String diskName, List<Gpu> gpus,
            int bandwidth) {

        Offer withStatus(String newStatus) {
            return new Offer(machineId, newStatus, prices, country, city, cudaVersion, cpuModel, cores, threads,
                    baseClock, boostClock, totalMemory, memoryRequired, diskSpace, diskType, diskName, gpus,
                    bandwidth);
        }

        Offer withPrices(List<Price> newPrices) {
            return new Offer(machineId, status, newPrices, country, city, cudaVersion, cpuModel, cores, threads,
                    baseClock, boostClock, totalMemory, memoryRequired, diskSpace, diskType, diskName, gpus,
                    bandwidth);
        }
    }

    /** What one {@link #advance()} step changed. */
    public record Change(int removed, int added, int repriced, int statusChanged) {
    }

    private final List<Offer> offers = new ArrayList<>();
    private int offerCount = 200;
    private Random random;

    /** A stopped simulator with 200 offers from seed 1 and token {@link #DEFAULT_TOKEN}. */
    public CloreSimulator() {
        super("Clore", DEFAULT_TOKEN);
        regenerate();
    }

    @Override
    public String baseUrl() {
        return rootUrl();
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
            for (int i = 0; i < offers.size(); i++) {
                Offer offer = offers.get(i);
                if (offer.machineId().equals(machineId)) {
                    List<Price> prices = new ArrayList<>(offer.prices().stream()
                            .filter(p -> !p.currency().equals("USD")).toList());
                    prices.add(new Price(SeededIds.uuid(random).toString(), plain, "USD"));
                    offers.set(i, offer.withPrices(List.copyOf(prices)));
                    return;
                }
            }
        }
        throw new IllegalArgumentException("no Clore offer with machine id " + machineId);
    }

    /** Removes one offer, as if it left the market; returns whether it was listed. */
    public boolean removeOffer(String machineId) {
        synchronized (lock) {
            return offers.removeIf(o -> o.machineId().equals(machineId));
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

    /** Appends {@code count} new seeded offers; returns {@code count}. */
    public int addOffers(int count) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                offers.add(newOffer(random));
            }
            return count;
        }
    }

    /** Sets one offer's status ({@code available} or {@code unavailable}). */
    public void setStatus(String machineId, String status) {
        synchronized (lock) {
            for (int i = 0; i < offers.size(); i++) {
                if (offers.get(i).machineId().equals(machineId)) {
                    offers.set(i, offers.get(i).withStatus(status));
                    return;
                }
            }
        }
        throw new IllegalArgumentException("no Clore offer with machine id " + machineId);
    }

    @Override
    protected byte[] errorBody(SimulatorException error) {
        ObjectNode body = object();
        body.put("error", error.getMessage());
        return write(body);
    }

    @Override
    protected SimResponse route(SimRequest request) {
        if (!request.path().equals(PATH)) {
            throw SimulatorException.notFound("Not found: " + request.path());
        }
        if (!request.method().equals("GET")) {
            throw new SimulatorException(405, "method_not_allowed", "Method not allowed: use GET " + PATH);
        }
        int page = intParam(request, "page", FIRST_PAGE);
        int pageSize = intParam(request, "page_size", DEFAULT_PAGE_SIZE);
        if (page < FIRST_PAGE) {
            throw SimulatorException.badRequest("page must be " + FIRST_PAGE + " or more, was " + page);
        }
        if (pageSize < 1) {
            throw SimulatorException.badRequest("page_size must be 1 or more, was " + pageSize);
        }
        pageSize = Math.min(pageSize, MAX_PAGE_SIZE);
        Predicate<Offer> filter = parseFilter(request.param("filter").orElse(""));
        Faults.Kind shape = faults().takeListShapeFault(request.path()).orElse(null);
        ArrayNode machines = JSON.createArrayNode();
        int total;
        synchronized (lock) {
            List<Offer> matching = offers.stream().filter(filter).toList();
            total = matching.size();
            long from = (long) (page - FIRST_PAGE) * pageSize;
            List<Offer> slice = from >= matching.size() ? List.of()
                    : matching.subList((int) from, (int) Math.min(matching.size(), from + pageSize));
            if (shape == Faults.Kind.EMPTY_LIST) {
                slice = List.of();
                total = 0;
            } else if (shape == Faults.Kind.SHORT_PAGE) {
                slice = slice.subList(0, slice.size() / 2);
            }
            slice.forEach(o -> machines.add(render(o)));
        }
        ObjectNode body = object();
        body.put("total", total);
        body.put("current_page", page);
        body.put("page_size", pageSize);
        body.set("machines", machines);
        return SimResponse.jsonList(200, write(body));
    }

    private static int intParam(SimRequest request, String name, int fallback) {
        String value = request.param(name).orElse("");
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw SimulatorException.badRequest(name + " must be an integer, was '" + value + "'");
        }
    }

    private static Predicate<Offer> parseFilter(String filter) {
        Predicate<Offer> result = o -> true;
        if (filter.isBlank()) {
            return result;
        }
        for (String pair : filter.split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw SimulatorException.badRequest("filter entries must look like key:value, got '" + pair + "'");
            }
            String key = pair.substring(0, colon).trim();
            String value = pair.substring(colon + 1).trim();
            result = result.and(switch (key) {
                case "gpu_name", "gpu" -> o -> o.gpus().stream().anyMatch(g -> containsWords(g.name(), value));
                case "cpu_name" -> o -> containsWords(o.cpuModel(), value);
                case "memory_size" -> atLeast(value, key, Offer::totalMemory);
                case "storage_size" -> atLeast(value, key, Offer::diskSpace);
                case "cpu_cores" -> atLeast(value, key, Offer::cores);
                case "machine_id" -> o -> o.machineId().equals(value);
                case "machine_status", "machine.status" -> o -> o.status().equals(value);
                default -> throw SimulatorException.badRequest("unsupported filter '" + key
                        + "'; use gpu_name, memory_size, cpu_name, cpu_cores, storage_size, machine_id or "
                        + "machine_status");
            });
        }
        return result;
    }

    private static boolean containsWords(String text, String words) {
        String haystack = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(words.toLowerCase(Locale.ROOT).split("\\s+")).allMatch(haystack::contains);
    }

    private static Predicate<Offer> atLeast(String value, String key, java.util.function.ToIntFunction<Offer> field) {
        String number = value.toUpperCase(Locale.ROOT).replace("GB", "").trim();
        try {
            BigDecimal min = new BigDecimal(number);
            return o -> BigDecimal.valueOf(field.applyAsInt(o)).compareTo(min) >= 0;
        } catch (NumberFormatException e) {
            throw SimulatorException.badRequest(key + " must be a number (optionally with GB), was '" + value + "'");
        }
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
            offers.set(index, offer.withPrices(prices(random, offer.gpus().size())));
        }
        return changed;
    }

    @Override
    protected void regenerate() {
        Random generator = new Random(seed());
        random = new Random(seed() * 31 + 11);
        offers.clear();
        for (int i = 0; i < offerCount; i++) {
            offers.add(newOffer(generator));
        }
    }

    private static Offer newOffer(Random r) {
        String machineId = SeededIds.uuid(r).toString();
        int gpuCount = 1 + r.nextInt(r.nextInt(4) == 0 ? 8 : 2);
        String[] model = GPUS[r.nextInt(GPUS.length)];
        List<Gpu> gpus = new ArrayList<>();
        for (int g = 0; g < gpuCount; g++) {
            gpus.add(new Gpu(SeededIds.uuid(r).toString(), model[0], Integer.parseInt(model[1]),
                    Integer.parseInt(model[2]), Integer.parseInt(model[3]), Integer.parseInt(model[4])));
        }
        String[] place = PLACES[r.nextInt(PLACES.length)];
        int cores = 4 << r.nextInt(5);
        int baseClock = 2000 + 100 * r.nextInt(18);
        return new Offer(machineId, r.nextInt(5) == 0 ? "unavailable" : "available", prices(r, gpuCount),
                place[0], place[1], CUDA[r.nextInt(CUDA.length)], CPUS[r.nextInt(CPUS.length)], cores, cores * 2,
                baseClock, baseClock + 500 + 100 * r.nextInt(10), 16 << r.nextInt(5), 1 + r.nextInt(8),
                100 + r.nextInt(3900), r.nextBoolean() ? "ssd" : "nvme", r.nextBoolean() ? "nvme" : "sda",
                List.copyOf(gpus), 100 * (1 + r.nextInt(100)));
    }

    /** USD always, BTC on some offers; amounts are decimal strings as in the docs. */
    private static List<Price> prices(Random r, int gpuCount) {
        List<Price> prices = new ArrayList<>();
        BigDecimal usd = BigDecimal.valueOf((long) gpuCount * (10 + r.nextInt(290)), 2).stripTrailingZeros();
        prices.add(new Price(SeededIds.uuid(r).toString(), usd.toPlainString(), "USD"));
        if (r.nextBoolean()) {
            BigDecimal btc = BigDecimal.valueOf((long) gpuCount * (100 + r.nextInt(5000)), 8).stripTrailingZeros();
            prices.add(0, new Price(SeededIds.uuid(r).toString(), btc.toPlainString(), "BTC"));
        }
        return List.copyOf(prices);
    }

    private static ObjectNode render(Offer o) {
        ObjectNode node = object();
        node.put("status", o.status());
        ArrayNode prices = node.putArray("machine_prices");
        o.prices().forEach(p -> prices.addObject().put("id", p.id()).put("amount", p.amount())
                .put("currency", p.currency()));
        ObjectNode metadata = node.putObject("metadata");
        metadata.put("machine_id", o.machineId());
        metadata.putObject("geo_location").put("country", o.country()).put("city", o.city());
        metadata.put("cuda_version", o.cudaVersion());
        ObjectNode hardware = node.putObject("hardware_specs");
        hardware.putObject("cpu").put("model", o.cpuModel()).put("cpu_arch", "amd64").put("cores", o.cores())
                .put("threads", o.threads()).put("base_clock", o.baseClock()).put("boost_clock", o.boostClock());
        hardware.putObject("memory").put("total_memory", o.totalMemory()).put("memory_required", o.memoryRequired());
        hardware.putObject("storage").put("disk_space_available", o.diskSpace()).put("disk_type", o.diskType())
                .put("disk_name", o.diskName());
        ArrayNode gpus = hardware.putArray("gpus");
        o.gpus().forEach(g -> gpus.addObject().put("id", g.id()).put("name", g.name()).put("memory", g.memory())
                .put("cuda_cores", g.cudaCores()).put("tensor_cores", g.tensorCores()).put("flops", g.flops()));
        node.putObject("network_info").put("bandwidth", o.bandwidth());
        return node;
    }
}
