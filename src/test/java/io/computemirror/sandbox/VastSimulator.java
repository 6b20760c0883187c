package io.computemirror.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Simulator of the Vast.ai API ({@code https://console.vast.ai}) as its documentation and recorded responses show it:
 * the offer search {@code POST /api/v0/bundles/} ({@link VastMarket}: filters in the body, 64 offers when the body
 * names no limit), the account's instances ({@link VastFleet}) through {@code GET /api/v1/instances/} (cursor pages
 * of 25) and the deprecated unpaged {@code GET /api/v0/instances/}, one instance {@code GET /api/v0/instances/{id}/}
 * ({@code {"instances": null}} when it does not exist) and its stop or start {@code PUT /api/v0/instances/{id}/}
 * {@code {"state": "stopped"|"running"}}, carried out by the host after a delay. Errors are
 * {@code {"success": false, "error": code, "msg": text}}; a bad key is {@code auth_error} / {@code Invalid user key}
 * with a configurable status (Vast's pages disagree: 401, 403 or 404). The search works without a key, as it does at
 * Vast. Instance responses carry {@code jupyter_token}, {@code extra_env} and {@code onstart} with secret-looking
 * values, so a client that mirrors them is caught.
 *
 * <p>Run-time state changes ({@code POST /_sandbox/state}): {@code {"action":"take_gpus","instance_id":N}} and
 * {@code release_gpus} (a start waits while another renter holds the GPUs), {@code {"action":"stop_unrequested",
 * "instance_id":N,"cause":"outbid"|"credit"|"contract_end"|"host","sets_intended":false}}, {@code {"action":
 * "set_status","instance_id":N,"intended":...,"actual":...,"status_msg":...}}, {@code {"action":"destroy",
 * "instance_id":N}}, {@code {"action":"add_instances","count":N}}, {@code {"action":"set_price","offer_id":N,
 * "dph_base":0.5}}, {@code {"action":"remove_offer","offer_id":N}}, {@code {"action":"add_offers","count":N}} and
 * {@code {"action":"advance"}}.
 */
public final class VastSimulator extends SimulatorServer<VastSimulator> {

    /** The API key accepted by default (Vast keys are 64 hex digits). */
    public static final String DEFAULT_TOKEN = "5a1e0c0ffee0ddba11fa11c0debabe5eed5a1e0c0ffee0ddba11fa11c0debabe";

    /** Read-only view of an instance. */
    public record InstanceView(
            long id,
            String label,
            String intended,
            String actual,
            String curState,
            String statusMsg,
            boolean gpusTaken,
            double endDate) {}

    /** One {@code PUT /api/v0/instances/{id}/} with a state, as received. */
    public record StateRequest(long instanceId, String state, Instant time, int status) {}

    private static final Set<Faults.Kind> OWN_FAULTS = EnumSet.of(
            Faults.Kind.RATE_LIMIT_PLAIN,
            Faults.Kind.EMPTY_LIST,
            Faults.Kind.DUPLICATE_ID,
            Faults.Kind.REPEATED_CURSOR,
            Faults.Kind.WRONG_TOTAL);

    private final List<VastMarket.Offer> offers = new ArrayList<>();
    private final VastFleet fleet = new VastFleet(this::now);
    private final List<StateRequest> stateRequests = new ArrayList<>();
    private final Map<String, Instant> lastCall = new HashMap<>();
    private int offerCount = 200;
    private int instanceCount = 3;
    private long nextOfferId;
    private Random random;
    private volatile int badKeyStatus = 401;
    private volatile Duration minInterval = Duration.ZERO;

    /** A stopped simulator with 200 offers and 3 running instances from seed 1, accepting {@link #DEFAULT_TOKEN}. */
    public VastSimulator() {
        super("Vast", DEFAULT_TOKEN, OWN_FAULTS);
        regenerate();
    }

    /** Regenerates {@code count} offers. */
    public VastSimulator withOffers(int count) {
        return regenerateAfter(() -> offerCount = count);
    }

    /** Regenerates {@code count} running instances. */
    public VastSimulator withInstances(int count) {
        return regenerateAfter(() -> instanceCount = count);
    }

    /** How long the host takes to carry out a stop or start (default 2 s). */
    public VastSimulator withHostDelay(Duration delay) {
        synchronized (lock) {
            fleet.hostDelay(delay);
        }
        return this;
    }

    /** The status a bad or missing key gets: 401 (default), 403 or 404, as Vast's pages variously document. */
    public VastSimulator withBadKeyStatus(int status) {
        badKeyStatus = status;
        return this;
    }

    /**
     * Vast's own rate limit: a second call to the same endpoint within {@code interval} answers 429 in plain text
     * without {@code Retry-After}. Zero (the default) turns it off.
     */
    public VastSimulator withMinInterval(Duration interval) {
        minInterval = interval;
        return this;
    }

    /** Offer ids in listing order. */
    public List<Long> offerIds() {
        synchronized (lock) {
            return offers.stream().map(VastMarket.Offer::id).toList();
        }
    }

    public int offerCount() {
        synchronized (lock) {
            return offers.size();
        }
    }

    /** Instance ids in id order. */
    public List<Long> instanceIds() {
        synchronized (lock) {
            return List.copyOf(fleet.byId().keySet());
        }
    }

    /** One instance after the host actions due by now, if it exists. */
    public Optional<InstanceView> instance(long id) {
        synchronized (lock) {
            fleet.settle();
            return Optional.ofNullable(fleet.byId().get(id)).map(VastInstance::view);
        }
    }

    /** Every {@code PUT} with a state, in order. */
    public List<StateRequest> stateRequests() {
        synchronized (lock) {
            return List.copyOf(stateRequests);
        }
    }

    /** Another renter takes (true) or releases (false) the instance's GPUs. */
    public void gpusTaken(long id, boolean taken) {
        synchronized (lock) {
            fleet.gpusTaken(fleet.require(id), taken);
        }
    }

    /** A stop nobody asked for; see {@link VastFleet#unrequestedStop}. Returns the instances stopped. */
    public List<Long> stopUnrequested(long id, String cause, boolean setsIntended) {
        synchronized (lock) {
            return fleet.unrequestedStop(fleet.require(id), cause, setsIntended);
        }
    }

    /** Forces an instance's fields (null leaves one as it is); pending host actions are dropped. */
    public void setStatus(long id, String intended, String actual, String statusMsg) {
        synchronized (lock) {
            VastInstance inst = fleet.require(id);
            inst.settleAt = null;
            if (intended != null) {
                inst.intended = intended;
            }
            if (actual != null) {
                inst.actual = actual.equals("null") ? null : actual;
            }
            if (statusMsg != null) {
                inst.statusMsg = statusMsg;
            }
        }
    }

    /** Destroys an instance; returns whether it existed. */
    public boolean destroy(long id) {
        synchronized (lock) {
            return fleet.byId().remove(id) != null;
        }
    }

    /** Appends {@code count} running instances; returns their ids. */
    public List<Long> addInstances(int count) {
        synchronized (lock) {
            return fleet.add(count);
        }
    }

    /** Sets the account's {@code credit_balance} (null: the field is null). */
    public void creditBalance(Double balance) {
        synchronized (lock) {
            fleet.creditBalance(balance);
        }
    }

    /** Sets one offer's {@code dph_base} (USD per hour before storage). */
    public void setPrice(long offerId, double dphBase) {
        synchronized (lock) {
            int index = offerIndex(offerId);
            offers.set(index, offers.get(index).withDphBase(dphBase));
        }
    }

    /** Removes one offer, as if it was rented by someone else; returns whether it was listed. */
    public boolean removeOffer(long offerId) {
        synchronized (lock) {
            return offers.removeIf(o -> o.id() == offerId);
        }
    }

    /** Appends {@code count} new offers; returns their ids. */
    public List<Long> addOffers(int count) {
        synchronized (lock) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                VastMarket.Offer o = VastMarket.offer(random, nextOfferId(), VastFleet.seconds(now()));
                offers.add(o);
                ids.add(o.id());
            }
            return ids;
        }
    }

    /** One seeded change step: about 1% of offers are rented away, as many appear, 2% change price. */
    public void advance() {
        synchronized (lock) {
            int share = Math.max(1, offers.size() / 100);
            for (int i = 0; i < share && !offers.isEmpty(); i++) {
                offers.remove(random.nextInt(offers.size()));
            }
            addOffers(share);
            for (int i = 0; i < Math.max(1, offers.size() / 50) && !offers.isEmpty(); i++) {
                int index = random.nextInt(offers.size());
                VastMarket.Offer o = offers.get(index);
                offers.set(
                        index,
                        o.withDphBase(Math.round(o.dphBase() * (0.9 + random.nextInt(21) / 100.0) * 1000) / 1000.0));
            }
        }
    }

    @Override
    protected void regenerate() {
        Random generator = new Random(seed());
        random = new Random(seed() * 31 + 7);
        nextOfferId = 21_234_567;
        offers.clear();
        double now = VastFleet.seconds(now());
        for (int i = 0; i < offerCount; i++) {
            offers.add(VastMarket.offer(generator, nextOfferId(), now));
        }
        fleet.regenerate(seed(), instanceCount);
        stateRequests.clear();
    }

    private long nextOfferId() {
        long id = nextOfferId;
        nextOfferId += 1 + random.nextInt(50);
        return id;
    }

    /** Vast checks the key itself (its status varies), so the shared bearer check is off. */
    @Override
    protected boolean requiresAuth(SimRequest request) {
        return false;
    }

    @Override
    protected byte[] errorBody(SimulatorException error) {
        ObjectNode body = SimJson.object()
                .put("success", false)
                .put("error", error.code())
                .put("msg", error.getMessage());
        return SimJson.write(body);
    }

    @Override
    protected SimResponse route(SimRequest request) {
        String path = request.path().endsWith("/") ? request.path() : request.path() + "/";
        boolean search = path.equals("/api/v0/bundles/");
        checkKey(request, search);
        Optional<SimResponse> limited = rateLimit(request.method() + " " + routeKey(path));
        if (limited.isPresent()) {
            return limited.get();
        }
        if (search) {
            request.requireMethod("POST");
            synchronized (lock) {
                return SimResponse.jsonList(
                        200,
                        SimJson.write(VastMarket.search(offers, SimJson.readBody(request), VastFleet.seconds(now()))));
            }
        }
        if (path.equals("/api/v1/instances/")) {
            request.requireMethod("GET");
            synchronized (lock) {
                ObjectNode page = fleet.page(
                        request.param("limit").orElse(null),
                        request.param("after_token").filter(t -> !t.isEmpty()).orElse(null),
                        faults(),
                        request.path());
                return SimResponse.jsonList(200, SimJson.write(page));
            }
        }
        if (path.equals("/api/v0/instances/")) {
            request.requireMethod("GET");
            synchronized (lock) {
                return SimResponse.jsonList(200, SimJson.write(fleet.all()));
            }
        }
        if (path.startsWith("/api/v0/instances/")) {
            String id = path.substring("/api/v0/instances/".length(), path.length() - 1);
            return instanceRoute(request, id);
        }
        throw new SimulatorException(404, "not_found", "no route " + request.path());
    }

    private SimResponse instanceRoute(SimRequest request, String rawId) {
        long id;
        try {
            id = Long.parseLong(rawId);
        } catch (NumberFormatException e) {
            throw new SimulatorException(
                    400, "invalid_args", "Invalid args: instance id must be a number, got " + rawId);
        }
        switch (request.method()) {
            case "GET" -> {
                synchronized (lock) {
                    fleet.settle();
                    VastInstance inst = fleet.byId().get(id);
                    ObjectNode body = SimJson.object();
                    if (inst == null) {
                        body.putNull("instances");
                    } else {
                        body.set("instances", fleet.json(inst));
                    }
                    return SimResponse.json(200, SimJson.write(body));
                }
            }
            case "PUT" -> {
                return change(request, id);
            }
            default ->
                throw new SimulatorException(
                        405, "method_not_allowed", "Method not allowed: use GET or PUT " + request.path());
        }
    }

    private SimResponse change(SimRequest request, long id) {
        JsonNode body = SimJson.readBody(request);
        synchronized (lock) {
            VastInstance inst = fleet.byId().get(id);
            String state = body.hasNonNull("state") ? body.get("state").asText() : null;
            if (inst == null) {
                record(id, state, 404);
                throw new SimulatorException(404, "no_such_instance", "Instance " + id + " not found.");
            }
            fleet.settle();
            if (body.has("label")) {
                String label =
                        body.get("label").isNull() ? null : body.get("label").asText();
                if (label != null && label.length() > VastFleet.MAX_LABEL) {
                    throw new SimulatorException(400, "label_too_long", "label must be at most 1024 characters");
                }
                inst.label = label;
            }
            if (state == null) {
                if (!body.has("label")) {
                    throw new SimulatorException(400, "invalid_args", "Invalid args: send state or label");
                }
                return SimResponse.json(200, SimJson.write(SimJson.object().put("success", true)));
            }
            if (!state.equals("running") && !state.equals("stopped")) {
                record(id, state, 400);
                throw new SimulatorException(400, "invalid_args", "Invalid args: state must be running or stopped");
            }
            String refused = fleet.requestState(inst, state);
            record(id, state, 200);
            ObjectNode answer = SimJson.object().put("success", refused == null);
            if (refused != null) {
                answer.put("msg", refused);
            }
            return SimResponse.json(200, SimJson.write(answer));
        }
    }

    private void record(long id, String state, int status) {
        stateRequests.add(new StateRequest(id, state, now(), status));
    }

    /** A bad key, or a missing one outside the search, fails with Vast's auth error (header or {@code api_key}). */
    private void checkKey(SimRequest request, boolean search) {
        Optional<String> key = bearer(request).or(() -> request.param("api_key"));
        if (key.isEmpty() && search) {
            return;
        }
        if (key.map(k -> k.equals(token())).orElse(false)) {
            return;
        }
        throw new SimulatorException(badKeyStatus, "auth_error", "Invalid user key");
    }

    private Optional<SimResponse> rateLimit(String endpoint) {
        Duration interval = minInterval;
        if (interval.isZero()) {
            return Optional.empty();
        }
        synchronized (lastCall) {
            Instant now = now();
            Instant last = lastCall.get(endpoint);
            if (last != null && now.isBefore(last.plus(interval))) {
                return Optional.of(new SimResponse(
                        429,
                        Map.of("Content-Type", "text/plain; charset=utf-8"),
                        ("API requests too frequent endpoint threshold=" + interval.toMillis() / 1000.0)
                                .getBytes(StandardCharsets.UTF_8),
                        false));
            }
            lastCall.put(endpoint, now);
            return Optional.empty();
        }
    }

    private static String routeKey(String path) {
        return path.matches("/api/v0/instances/\\d+/") ? "/api/v0/instances/{id}/" : path;
    }

    @Override
    protected JsonNode stateCommand(AdminCommand command) {
        ObjectNode result = SimJson.object().put("action", command.action());
        switch (command.action()) {
            case "take_gpus", "release_gpus" -> {
                long id = longField(command, "instance_id");
                gpusTaken(id, command.action().equals("take_gpus"));
                result.put("instance_id", id);
            }
            case "stop_unrequested" -> {
                List<Long> ids = stopUnrequested(
                        longField(command, "instance_id"),
                        command.text("cause"),
                        command.json().path("sets_intended").asBoolean(false));
                ArrayNode stopped = result.putArray("stopped");
                ids.forEach(stopped::add);
            }
            case "set_status" -> {
                long id = longField(command, "instance_id");
                setStatus(
                        id,
                        textOrNull(command, "intended"),
                        textOrNull(command, "actual"),
                        textOrNull(command, "status_msg"));
                result.put("instance_id", id);
            }
            case "destroy" -> {
                long id = longField(command, "instance_id");
                if (!destroy(id)) {
                    throw new SimulatorException(404, "no_such_instance", "Instance " + id + " not found.");
                }
                result.put("destroyed", id);
            }
            case "add_instances" -> {
                ArrayNode added = result.putArray("added");
                addInstances(command.intValue("count", 1)).forEach(added::add);
            }
            case "set_price" -> {
                setPrice(
                        longField(command, "offer_id"),
                        command.json().path("dph_base").asDouble());
                result.put("offer_id", longField(command, "offer_id"));
            }
            case "remove_offer" -> {
                long id = longField(command, "offer_id");
                if (!removeOffer(id)) {
                    throw SimulatorException.notFound("no Vast offer " + id);
                }
                result.put("removed", id);
            }
            case "add_offers" -> {
                ArrayNode added = result.putArray("added");
                addOffers(command.intValue("count", 1)).forEach(added::add);
            }
            case "advance" -> advance();
            default ->
                throw command.unknown("take_gpus, release_gpus, stop_unrequested, set_status, destroy, add_instances, "
                        + "set_price, remove_offer, add_offers, advance");
        }
        return result.put("offers", offerCount()).put("instances", instanceIds().size());
    }

    private int offerIndex(long offerId) {
        for (int i = 0; i < offers.size(); i++) {
            if (offers.get(i).id() == offerId) {
                return i;
            }
        }
        throw new IllegalArgumentException("no Vast offer " + offerId);
    }

    private static long longField(AdminCommand command, String field) {
        String text = command.text(field);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw SimulatorException.badRequest(field + " must be a number, got " + text);
        }
    }

    private static String textOrNull(AdminCommand command, String field) {
        JsonNode value = command.json().get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
