package io.computemirror.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The account's Vast instances and how their host carries out stops and starts: a {@code PUT} sets
 * {@code intended_status} at once and the host moves {@code actual_status} after the host delay. A start whose GPUs
 * another renter took stays {@code stopped} and says so in {@code status_msg} ("Scheduling" in Vast's console) until
 * they are released; stopping again cancels it. Not thread-safe: the simulator calls it under its lock.
 */
final class VastFleet {

    /** What {@code status_msg} says while a start waits for GPUs (Vast does not document its wording). */
    static final String GPUS_TAKEN_MESSAGE =
            "Scheduling: the GPUs this instance used are rented by another user; waiting for them to be released";
    /** Largest {@code label}. */
    static final int MAX_LABEL = 1024;

    private static final String[] IMAGES = {
        "pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime",
        "vastai/base-image:cuda-12.4.1-auto",
        "nvidia/cuda:12.4.1-runtime"
    };

    private final Supplier<Instant> clock;
    private final Map<Long, VastInstance> byId = new LinkedHashMap<>();
    private Duration hostDelay = Duration.ofSeconds(2);
    private Double creditBalance = 25.0;
    private long nextId;
    private Random random;

    VastFleet(Supplier<Instant> clock) {
        this.clock = clock;
    }

    void hostDelay(Duration delay) {
        hostDelay = delay;
    }

    Map<Long, VastInstance> byId() {
        return byId;
    }

    void regenerate(long seed, int count) {
        random = new Random(seed * 17 + 5);
        byId.clear();
        nextId = 24_567_890;
        add(count);
    }

    /** Appends {@code count} running instances; returns their ids. */
    List<Long> add(int count) {
        List<Long> ids = new ArrayList<>();
        double now = seconds(clock.get());
        for (int i = 0; i < count; i++) {
            long id = nextId;
            nextId += 1 + random.nextInt(40);
            VastMarket.Offer o = VastMarket.offer(random, id, now);
            VastInstance inst = new VastInstance(
                    id,
                    o.machineId(),
                    o.hostId(),
                    o.gpuName(),
                    Math.min(o.numGpus(), 2),
                    o.gpuRam(),
                    IMAGES[random.nextInt(IMAGES.length)],
                    o.dphBase() / Math.max(1, o.numGpus()) * Math.min(o.numGpus(), 2),
                    o.storageCost(),
                    20.0,
                    now - 3600 * (1 + random.nextInt(100)),
                    o.endDate(),
                    random.nextInt(4) == 0,
                    o.geolocation(),
                    "203.0.113." + (1 + random.nextInt(250)),
                    "ssh" + (1 + random.nextInt(9)) + ".vast.ai",
                    10_000 + random.nextInt(50_000),
                    "jpt-" + SeededIds.lowerAlnum(random, 32),
                    i % 3 == 2 ? null : "mirror-" + i);
            byId.put(id, inst);
            ids.add(id);
        }
        return ids;
    }

    VastInstance require(long id) {
        settle();
        VastInstance inst = byId.get(id);
        if (inst == null) {
            throw new SimulatorException(404, "no_such_instance", "Instance " + id + " not found.");
        }
        return inst;
    }

    /** Carries out every host action that is due. */
    void settle() {
        Instant now = clock.get();
        for (VastInstance inst : byId.values()) {
            if (inst.settleAt == null || now.isBefore(inst.settleAt)) {
                continue;
            }
            inst.settleAt = null;
            if (inst.settleTo.equals("stopped")) {
                inst.actual = "stopped";
                inst.curState = "stopped";
            } else if (inst.gpusTaken) {
                inst.statusMsg = GPUS_TAKEN_MESSAGE;
            } else {
                inst.actual = "running";
                inst.curState = "running";
                inst.statusMsg = inst.runningMessage();
            }
        }
    }

    /**
     * {@code PUT {"state": ...}}: sets the intended level; a repeated request changes nothing and succeeds (Vast does
     * not document repeats; this is the simulator's assumption). Null when accepted, else the refusal's message.
     */
    String requestState(VastInstance inst, String state) {
        if (state.equals(inst.intended)) {
            return null;
        }
        Instant now = clock.get();
        if (state.equals("running") && inst.endDate <= seconds(now)) {
            return "Instance " + inst.id + " cannot be started: its contract ended.";
        }
        inst.intended = state;
        if (state.equals("stopped") && !"running".equals(inst.actual) && !"loading".equals(inst.actual)) {
            // A start still waiting for its GPUs is cancelled; nothing for the host to stop.
            inst.settleAt = null;
            inst.actual = "stopped";
            inst.curState = "stopped";
            if (GPUS_TAKEN_MESSAGE.equals(inst.statusMsg)) {
                inst.statusMsg = null;
            }
            return null;
        }
        inst.settleAt = now.plus(hostDelay);
        inst.settleTo = state;
        return null;
    }

    /** The GPUs of the instance are rented by someone else (true) or free again (false). */
    void gpusTaken(VastInstance inst, boolean taken) {
        inst.gpusTaken = taken;
        if (!taken && inst.intended.equals("running") && !"running".equals(inst.actual)) {
            inst.settleAt = clock.get().plus(hostDelay);
            inst.settleTo = "running";
        }
    }

    /**
     * A stop nobody asked for. {@code cause} {@code outbid}, {@code credit} (every instance stops and the balance is
     * 0), {@code contract_end} (the end date is now) or {@code host}; {@code setsIntended} chooses between the two
     * readings Vast leaves open: the intended level follows the stop, or stays {@code running}.
     */
    List<Long> unrequestedStop(VastInstance inst, String cause, boolean setsIntended) {
        List<VastInstance> stopped = new ArrayList<>();
        String message;
        switch (cause) {
            case "outbid" -> message = "Instance stopped: outbid by a higher bid on its GPUs.";
            case "credit" -> {
                creditBalance = 0.0;
                message = "Instance stopped: account credit balance is exhausted.";
                stopped.addAll(byId.values());
            }
            case "contract_end" -> {
                inst.endDate = seconds(clock.get());
                message = "Instance stopped: contract ended.";
            }
            case "host" -> message = "Instance stopped by the host.";
            default -> throw SimulatorException.badRequest("cause must be outbid, credit, contract_end or host");
        }
        if (stopped.isEmpty()) {
            stopped.add(inst);
        }
        List<Long> ids = new ArrayList<>();
        for (VastInstance s : stopped) {
            s.actual = "stopped";
            s.curState = "stopped";
            s.settleAt = null;
            s.statusMsg = message;
            if (setsIntended) {
                s.intended = "stopped";
            }
            ids.add(s.id);
        }
        return ids;
    }

    void creditBalance(Double balance) {
        creditBalance = balance;
    }

    /** {@code GET /api/v1/instances/}: a page of at most {@code limit} after {@code afterToken}. */
    ObjectNode page(String limitParam, String afterToken, Faults faults, String path) {
        settle();
        int limit = parseLimit(limitParam);
        long after = afterToken == null ? Long.MIN_VALUE : decodeToken(afterToken);
        List<VastInstance> rest =
                byId.values().stream().filter(i -> i.id > after).toList();
        List<VastInstance> page = new ArrayList<>(rest.subList(0, Math.min(limit, rest.size())));
        boolean more = rest.size() > page.size();
        int total = byId.size();
        String next = more ? token(page.get(page.size() - 1).id) : null;
        Faults.Rule fault = faults.takeListFault(path).orElse(null);
        if (fault != null) {
            switch (fault.kind()) {
                case EMPTY_LIST -> {
                    page.clear();
                    total = 0;
                    next = null;
                }
                case DUPLICATE_ID -> {
                    if (!page.isEmpty()) {
                        page.add(page.get(0));
                    }
                }
                case REPEATED_CURSOR -> next = afterToken == null ? token(Long.MIN_VALUE + 1) : afterToken;
                case WRONG_TOTAL -> total += fault.delta();
                default -> throw new IllegalStateException("not a Vast list fault: " + fault.kind());
            }
        }
        ArrayNode instances = SimJson.array();
        Map<String, Integer> labels = new LinkedHashMap<>();
        page.forEach(i -> instances.add(json(i)));
        byId.values().forEach(i -> labels.merge(i.label == null ? "" : i.label, 1, Integer::sum));
        ObjectNode body = SimJson.object();
        body.put("success", true);
        body.put("instances_found", page.size());
        body.put("total_instances", total);
        ObjectNode labelCounts = body.putObject("label_counts");
        labels.forEach(labelCounts::put);
        if (next == null) {
            body.putNull("next_token");
        } else {
            body.put("next_token", next);
        }
        body.set("instances", instances);
        return body;
    }

    /** {@code GET /api/v0/instances/}: every instance, unpaged. */
    ObjectNode all() {
        settle();
        ArrayNode instances = SimJson.array();
        byId.values().forEach(i -> instances.add(json(i)));
        ObjectNode body = SimJson.object();
        body.put("instances_found", byId.size());
        body.set("instances", instances);
        return body;
    }

    /** The instance as Vast returns it, secrets included (a client must drop them). */
    ObjectNode json(VastInstance i) {
        double storageTotal = i.storageCost * i.diskSpace / 720;
        boolean running = "running".equals(i.actual);
        double gpuHour = running ? i.dphBase : 0;
        ObjectNode n = SimJson.object();
        n.put("id", i.id)
                .put("machine_id", i.machineId)
                .put("host_id", i.hostId)
                .put("bundle_id", i.id * 3);
        if (i.actual == null) {
            n.putNull("actual_status");
        } else {
            n.put("actual_status", i.actual);
        }
        n.put("intended_status", i.intended).put("cur_state", i.curState).put("next_state", i.intended);
        if (i.label == null) {
            n.putNull("label");
        } else {
            n.put("label", i.label);
        }
        if (i.statusMsg == null) {
            n.putNull("status_msg");
        } else {
            n.put("status_msg", i.statusMsg);
        }
        n.put("gpu_name", i.gpuName).put("num_gpus", i.numGpus);
        n.put("gpu_ram", i.gpuRam).put("gpu_totalram", i.gpuRam * i.numGpus);
        n.putNull("gpu_util").putNull("gpu_temp");
        n.put("cpu_cores", 64).put("cpu_cores_effective", 16.0).put("cpu_ram", 257652);
        n.put("disk_space", i.diskSpace).put("disk_usage", -1);
        n.put("dph_base", i.dphBase).put("storage_cost", i.storageCost);
        n.put("storage_total_cost", storageTotal).put("dph_total", i.dphBase + storageTotal);
        n.put("is_bid", i.isBid).put("min_bid", Math.round(i.dphBase * 55) / 100.0);
        n.put("public_ipaddr", i.publicIp).put("local_ipaddrs", "10.0.0.5 172.17.0.1 \n");
        n.put("ssh_host", i.sshHost).put("ssh_port", i.sshPort).put("ssh_idx", i.sshHost.substring(3, 4));
        n.put("direct_port_start", -1).put("direct_port_end", -1);
        if (running) {
            ObjectNode ports = n.putObject("ports");
            ports.putArray("22/tcp").addObject().put("HostIp", "0.0.0.0").put("HostPort", "40112");
        } else {
            n.putNull("ports");
        }
        n.put("image_uuid", i.image).put("image_runtype", "ssh_direc ssh_proxy").putNull("image_args");
        ArrayNode env = n.putArray("extra_env");
        env.addArray().add("-p 8080:8080").add("1");
        env.addArray().add("HF_TOKEN").add("hf_" + i.jupyterToken.substring(4));
        n.put("onstart", "export API_SECRET=" + i.jupyterToken + "; bash /start.sh");
        n.put("jupyter_token", i.jupyterToken);
        n.putNull("template_id");
        n.put("start_date", i.startDate).put("end_date", i.endDate).putNull("uptime_mins");
        n.put("geolocation", i.geolocation).put("verification", "verified").put("reliability2", 0.9971);
        n.put("hosting_type", 0);
        if (creditBalance == null) {
            n.putNull("credit_balance");
        } else {
            n.put("credit_balance", creditBalance);
        }
        n.putObject("search").put("gpuCostPerHour", i.dphBase).put("diskHour", storageTotal);
        n.putObject("instance").put("gpuCostPerHour", gpuHour).put("diskHour", storageTotal);
        return n;
    }

    /** {@code limit} is a JSON number; at most 25, and 5 when it is 0 or less (as Vast documents). */
    private static int parseLimit(String param) {
        if (param == null || param.isEmpty()) {
            return 25;
        }
        try {
            int value = Integer.parseInt(unquote(param).trim());
            return value <= 0 ? 5 : Math.min(value, 25);
        } catch (NumberFormatException e) {
            throw new SimulatorException(400, "invalid_args", "Invalid args: limit must be a number");
        }
    }

    static String token(long afterId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("after:" + afterId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id a token points after; a JSON-quoted token is read too; anything else is 400 {@code invalid_token}. */
    private static long decodeToken(String raw) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(unquote(raw)), StandardCharsets.UTF_8);
            if (!text.startsWith("after:")) {
                throw new IllegalArgumentException(text);
            }
            return Long.parseLong(text.substring(6));
        } catch (IllegalArgumentException e) {
            throw new SimulatorException(400, "invalid_token", "Invalid after_token.");
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }
}
