package io.computemirror.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Vast offer search ({@code POST /api/v0/bundles/}): seeded offers, their JSON as Vast spells it, and the search
 * body (filters {@code "field": {"op": value}} at the top level; control keys {@code order}, {@code limit} (64 when
 * absent), {@code type}, {@code allocated_storage}). Prices are computed in double, as Vast's Python does, so
 * {@code dph_total} has the long fractions real responses have; {@code dph_total = dph_base + storage_total_cost}
 * holds exactly as in Vast's recorded sample.
 */
final class VastMarket {

    /** The offers a search returns when its body names no limit. */
    static final int DEFAULT_LIMIT = 64;
    /** Vast's CLI default {@code allocated_storage}. */
    static final double DEFAULT_ALLOCATED_STORAGE = 5.0;

    private static final Set<String> CONTROL_KEYS =
            Set.of("order", "limit", "type", "allocated_storage", "disable_bundling");
    private static final Set<String> OPERATORS = Set.of("eq", "neq", "gt", "gte", "lt", "lte", "in", "notin");

    /** GPU model, MiB per GPU as nvidia-smi reports it, compute capability ×100, base USD/h per GPU. */
    private static final Object[][] GPUS = {
        {"RTX 4090", 24564, 890, 0.35},
        {"RTX 3090", 24576, 860, 0.18},
        {"H100 SXM", 81559, 900, 2.10},
        {"A100 SXM4", 81920, 800, 1.20},
        {"RTX A6000", 49140, 860, 0.45},
        {"Tesla V100", 16384, 700, 0.15},
        {"RTX 4000Ada", 20475, 890, 0.20},
    };

    private static final String[] PLACES = {
        "Texas, US",
        "Quebec, CA",
        ", US",
        "Bavaria, DE",
        "Hauts-de-France, FR",
        "Kanagawa, JP",
        "North Holland, NL",
        "Ontario, CA",
        "California, US",
        "Uusimaa, FI"
    };
    private static final String[] CPUS = {
        "AMD EPYC 7543 32-Core Processor", "AMD Ryzen 9 7950X 16-Core Processor", "Intel Xeon Gold 6338"
    };
    private static final String[] VERIFICATION = {"verified", "verified", "verified", "unverified", "deverified"};

    /** One listed offer; immutable, replaced on change. */
    record Offer(
            long id,
            long machineId,
            long hostId,
            String gpuName,
            int numGpus,
            int gpuRam,
            int computeCap,
            double cudaMaxGood,
            String cpuName,
            int cpuCores,
            double cpuCoresEffective,
            int cpuRam,
            double diskSpace,
            double dphBase,
            double storageCost,
            double minBid,
            double inetUp,
            double inetDown,
            double reliability,
            String verification,
            boolean rentable,
            String geolocation,
            int hostingType,
            double endDate) {

        Offer withDphBase(double newBase) {
            return new Offer(
                    id,
                    machineId,
                    hostId,
                    gpuName,
                    numGpus,
                    gpuRam,
                    computeCap,
                    cudaMaxGood,
                    cpuName,
                    cpuCores,
                    cpuCoresEffective,
                    cpuRam,
                    diskSpace,
                    newBase,
                    storageCost,
                    Math.round(newBase * 55) / 100.0,
                    inetUp,
                    inetDown,
                    reliability,
                    verification,
                    rentable,
                    geolocation,
                    hostingType,
                    endDate);
        }
    }

    private VastMarket() {}

    /** One new offer drawn from {@code r}, with offer id {@code id}. */
    static Offer offer(Random r, long id, double nowSeconds) {
        Object[] gpu = GPUS[r.nextInt(GPUS.length)];
        int[] counts = {1, 1, 2, 4, 8};
        int numGpus = counts[r.nextInt(counts.length)];
        int cpuCores = new int[] {32, 64, 128}[r.nextInt(3)];
        double perGpu = (double) gpu[3] * (0.8 + r.nextInt(40) / 100.0);
        double base = Math.round(perGpu * numGpus * 1000) / 1000.0;
        return new Offer(
                id,
                10_000 + r.nextInt(90_000),
                100_000 + r.nextInt(900_000),
                (String) gpu[0],
                numGpus,
                (int) gpu[1],
                (int) gpu[2],
                new double[] {12.2, 12.4, 12.8}[r.nextInt(3)],
                CPUS[r.nextInt(CPUS.length)],
                cpuCores,
                Math.min(cpuCores, numGpus * 8.0),
                cpuCores * 4096,
                100 + r.nextInt(1900) + 0.5,
                base,
                new double[] {0.1, 0.15, 0.2}[r.nextInt(3)],
                Math.round(base * 55) / 100.0,
                200 + r.nextInt(3000) + 0.3,
                200 + r.nextInt(3000) + 0.7,
                0.95 + r.nextInt(50) / 1000.0,
                VERIFICATION[r.nextInt(VERIFICATION.length)],
                r.nextInt(20) != 0,
                PLACES[r.nextInt(PLACES.length)],
                r.nextInt(3) == 0 ? 1 : 0,
                nowSeconds + 86_400.0 * (7 + r.nextInt(90)));
    }

    /** The offer as Vast returns it, priced for {@code allocatedStorage} GB and on-demand or interruptible. */
    static ObjectNode json(Offer o, double allocatedStorage, boolean bid, double nowSeconds) {
        double storageTotal = o.storageCost() * allocatedStorage / 720;
        double gpuHour = bid ? o.minBid() : o.dphBase();
        ObjectNode n = SimJson.object();
        n.put("id", o.id()).put("ask_contract_id", o.id()).put("bundle_id", o.id() * 7 + 1_000_000_000L);
        n.put("machine_id", o.machineId()).put("host_id", o.hostId());
        n.put("gpu_name", o.gpuName()).put("num_gpus", o.numGpus());
        n.put("gpu_ram", o.gpuRam()).put("gpu_total_ram", o.gpuRam() * o.numGpus());
        n.put("gpu_frac", 1.0).put("gpu_arch", "nvidia");
        n.put("compute_cap", o.computeCap()).put("cuda_max_good", o.cudaMaxGood());
        n.put("driver_version", "570.124.04").put("driver_vers", 570124004);
        n.put("cpu_name", o.cpuName()).put("cpu_arch", "amd64");
        n.put("cpu_cores", o.cpuCores()).put("cpu_cores_effective", o.cpuCoresEffective());
        n.put("cpu_ram", o.cpuRam()).put("disk_space", o.diskSpace()).put("disk_bw", 3100.5);
        n.put("dph_base", gpuHour).put("storage_cost", o.storageCost());
        n.put("storage_total_cost", storageTotal).put("dph_total", gpuHour + storageTotal);
        n.put("min_bid", o.minBid()).put("is_bid", bid);
        n.put("inet_up", o.inetUp()).put("inet_down", o.inetDown());
        n.put("reliability", o.reliability()).put("reliability2", o.reliability());
        n.put("verification", o.verification()).put("vericode", o.verification().equals("verified") ? 1 : 0);
        n.put("rentable", o.rentable()).put("rented", false);
        n.put("geolocation", o.geolocation()).put("geolocode", 123456789);
        n.put("hosting_type", o.hostingType()).putNull("external");
        n.put("end_date", o.endDate()).put("duration", o.endDate() - nowSeconds);
        n.put("start_date", nowSeconds);
        ObjectNode search = n.putObject("search");
        search.put("gpuCostPerHour", gpuHour).put("diskHour", storageTotal).put("totalHour", gpuHour + storageTotal);
        ObjectNode instance = n.putObject("instance");
        instance.put("gpuCostPerHour", 0).put("diskHour", storageTotal).put("totalHour", storageTotal);
        return n;
    }

    /** Answers one search: the matching offers, ordered, at most {@code limit} (64 when absent). */
    static ObjectNode search(List<Offer> offers, JsonNode body, double nowSeconds) {
        if (!body.isObject()) {
            throw vastError(400, "invalid_args", "error 400/1782: Invalid args: invalid json: " + body);
        }
        String type = body.path("type").asText("on-demand");
        boolean bid =
                switch (type) {
                    // Vast's docs spell it both ways.
                    case "on-demand", "ondemand", "reserved" -> false;
                    case "bid" -> true;
                    default ->
                        throw vastError(400, "invalid_args", "Invalid args: type must be on-demand, bid or reserved");
                };
        int limit = body.has("limit") ? body.get("limit").asInt(DEFAULT_LIMIT) : DEFAULT_LIMIT;
        double storage = body.path("allocated_storage").asDouble(DEFAULT_ALLOCATED_STORAGE);
        List<ObjectNode> matching = new ArrayList<>();
        Predicate<ObjectNode> filter = filter(body);
        for (Offer o : offers) {
            ObjectNode n = json(o, storage, bid, nowSeconds);
            if (filter.test(n)) {
                matching.add(n);
            }
        }
        matching.sort(order(body.get("order")));
        ArrayNode out = SimJson.array();
        matching.stream().limit(Math.max(0, limit)).forEach(out::add);
        return SimJson.wrap("offers", out);
    }

    private static Predicate<ObjectNode> filter(JsonNode body) {
        Predicate<ObjectNode> result = n -> true;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            if (CONTROL_KEYS.contains(field)) {
                continue;
            }
            if (!e.getValue().isObject()) {
                throw vastError(400, "invalid_args", "Invalid args: filter " + field + " must be {\"op\": value}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = e.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!OPERATORS.contains(op.getKey())) {
                    throw vastError(400, "invalid_args", "Invalid args: unknown operator " + op.getKey());
                }
                Predicate<ObjectNode> one = n -> test(value(n, field), op.getKey(), op.getValue());
                result = result.and(one);
            }
        }
        return result;
    }

    /** The offer's value a filter compares: computed for the filter-only fields, else the field as returned. */
    private static JsonNode value(ObjectNode n, String field) {
        return switch (field) {
            case "verified" ->
                SimJson.MAPPER
                        .getNodeFactory()
                        .booleanNode(n.path("verification").asText().equals("verified"));
            case "datacenter" ->
                SimJson.MAPPER
                        .getNodeFactory()
                        .booleanNode(n.path("hosting_type").asInt() >= 1);
            case "external" -> SimJson.MAPPER.getNodeFactory().booleanNode(false);
            case "geolocation" -> {
                // Filtered by country code; the value returned is "Region, CC".
                String g = n.path("geolocation").asText("");
                yield SimJson.MAPPER.getNodeFactory().textNode(g.length() >= 2 ? g.substring(g.length() - 2) : g);
            }
            default -> {
                if (!n.has(field)) {
                    throw vastError(400, "invalid_args", "Invalid args: unknown field " + field);
                }
                yield n.get(field);
            }
        };
    }

    private static boolean test(JsonNode actual, String op, JsonNode expected) {
        return switch (op) {
            case "eq" -> same(actual, expected);
            case "neq" -> !same(actual, expected);
            case "gt" -> compare(actual, expected) > 0;
            case "gte" -> compare(actual, expected) >= 0;
            case "lt" -> compare(actual, expected) < 0;
            case "lte" -> compare(actual, expected) <= 0;
            case "in", "notin" -> {
                if (!expected.isArray()) {
                    throw vastError(400, "invalid_args", "Invalid args: " + op + " takes a list");
                }
                boolean found = false;
                for (JsonNode candidate : expected) {
                    found |= same(actual, candidate);
                }
                yield op.equals("in") == found;
            }
            default -> throw new IllegalStateException(op);
        };
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a == null || a.isNull()) {
            return b == null || b.isNull();
        }
        if (a.isNumber() && b.isNumber()) {
            return a.asDouble() == b.asDouble();
        }
        return a.asText().equals(b.asText());
    }

    private static int compare(JsonNode a, JsonNode b) {
        if (a == null || a.isNull() || !b.isNumber()) {
            return a != null && !a.isNull() && !b.isNumber() ? a.asText().compareTo(b.asText()) : -1;
        }
        return Double.compare(a.asDouble(), b.asDouble());
    }

    /** {@code [[field, "asc"|"desc"], ...]}, then offer id; Vast's tools default to score, descending. */
    private static Comparator<ObjectNode> order(JsonNode order) {
        Comparator<ObjectNode> result = null;
        if (order != null && order.isArray()) {
            for (JsonNode pair : order) {
                String field = pair.path(0).asText();
                boolean desc =
                        pair.path(1).asText("asc").toLowerCase(Locale.ROOT).equals("desc");
                Comparator<ObjectNode> one =
                        Comparator.comparingDouble(n -> n.path(field).asDouble());
                one = desc ? one.reversed() : one;
                result = result == null ? one : result.thenComparing(one);
            }
        }
        Comparator<ObjectNode> byId = Comparator.comparingLong(n -> n.path("id").asLong());
        return result == null ? byId : result.thenComparing(byId);
    }

    static SimulatorException vastError(int status, String code, String message) {
        return new SimulatorException(status, code, message);
    }
}
