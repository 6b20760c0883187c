package io.computemirror.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /machines}: cursor pages over the machines sorted by id; the cursor is opaque (base64 of the last id
 * served). List faults: a short page keeps {@code has_more=true} with a cursor after the last machine served; an
 * empty list says {@code has_more=false}; a duplicate id lists the machine the cursor names (the previous page's
 * last) again first, or on the first page its own last machine twice; a repeated cursor answers the request's own
 * cursor (on the first page one that starts over); {@code has_more} without a cursor says more with a null cursor.
 */
final class AkuaListing {

    private final Object lock;
    private final AkuaFleet fleet;
    private final Faults faults;

    AkuaListing(Object lock, AkuaFleet fleet, Faults faults) {
        this.lock = lock;
        this.fleet = fleet;
        this.faults = faults;
    }

    SimResponse list(SimRequest request) {
        int limit = request.intParam("limit", 50);
        if (limit < 1 || limit > 100) {
            throw SimulatorException.badRequest("limit must be within 1..100, was " + limit);
        }
        Optional<String> state = request.param("state");
        if (state.isPresent() && !AkuaFleet.STATES.contains(state.get())) {
            throw SimulatorException.badRequest("state must be one of " + AkuaFleet.STATES + ", was " + state.get());
        }
        String view = request.param("view").orElse("basic");
        if (!view.equals("basic") && !view.equals("full")) {
            throw SimulatorException.badRequest("view must be basic or full, was " + view);
        }
        Optional<String> clusterId = request.param("cluster_id");
        Optional<String> cursor = request.param("cursor").filter(c -> !c.isEmpty());
        String after = cursor.map(AkuaListing::decodeCursor).orElse(null);
        Faults.Rule rule = faults.takeListFault(request.path()).orElse(null);
        Faults.Kind fault = rule == null ? null : rule.kind();
        ArrayNode data = SimJson.array();
        boolean hasMore;
        String next;
        synchronized (lock) {
            TreeMap<String, AkuaMachine> machines = fleet.byId();
            Map<String, AkuaMachine> tail = after == null ? machines : machines.tailMap(after, false);
            Iterator<AkuaMachine> it = tail.values().stream()
                    .filter(m -> state.map(m.state::equals).orElse(true))
                    .filter(m -> clusterId.map(m.clusterId::equals).orElse(true))
                    .iterator();
            List<AkuaMachine> page = new ArrayList<>();
            while (it.hasNext() && page.size() < limit) {
                page.add(it.next());
            }
            hasMore = it.hasNext();
            if (fault == Faults.Kind.EMPTY_LIST || (fault == Faults.Kind.SHORT_PAGE && page.size() > 1)) {
                page = PageFaults.items(rule, page);
                hasMore = fault == Faults.Kind.SHORT_PAGE;
            }
            next = hasMore && !page.isEmpty() ? encodeCursor(page.get(page.size() - 1).id) : null;
            if (fault == Faults.Kind.DUPLICATE_ID && !page.isEmpty()) {
                boolean continues = after != null && machines.containsKey(after);
                AkuaMachine again = continues ? machines.get(after) : page.get(page.size() - 1);
                page = new ArrayList<>(page);
                page.add(continues ? 0 : page.size(), again);
            } else if (fault == Faults.Kind.REPEATED_CURSOR) {
                hasMore = true;
                next = cursor.orElse(encodeCursor(""));
            } else if (fault == Faults.Kind.HAS_MORE_WITHOUT_CURSOR) {
                hasMore = true;
                next = null;
            }
            page.forEach(m -> data.add(AkuaJson.machine(m)));
        }
        ObjectNode body = SimJson.wrap("data", data);
        body.put("has_more", hasMore);
        if (next != null) {
            body.put("next_cursor", next);
        } else {
            body.putNull("next_cursor");
        }
        return SimResponse.jsonList(200, SimJson.write(body));
    }

    private static String encodeCursor(String lastId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("after:" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("after:")) {
                return text.substring("after:".length());
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the 400 below: the cursor was not produced by this server.
        }
        throw SimulatorException.badRequest("cursor is not a next_cursor value from this API: " + cursor);
    }
}
