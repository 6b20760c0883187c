package io.computemirror.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /clore/v1/machines}: page-number pages over the offers in listing order. Pages start at
 * {@value CloreSimulator#FIRST_PAGE}; {@code page_size} defaults to {@value CloreSimulator#DEFAULT_PAGE_SIZE} and is
 * capped at {@value CloreSimulator#MAX_PAGE_SIZE} (the response's {@code page_size} shows the size used); a page or
 * page size below 1 answers 400; a page past the last one answers 200 with no machines and the real {@code total}.
 *
 * <p>List faults: a short page serves half of its offers with the real {@code total}; an empty list claims a total of
 * 0; a duplicate id lists the previous page's last offer again as an extra first entry (on page 1 its own last offer
 * twice); a shift removes the page's first offer from the market right after the page is served, so every later
 * offer moves up one place and a client reading page numbers never sees the offer that moved onto this page; a wrong
 * total adds {@code delta} to {@code total}.
 */
final class CloreListing {

    private final Object lock;
    private final List<CloreSimulator.Offer> offers;
    private final Faults faults;

    /** {@code offers} is the simulator's live list, guarded by {@code lock}. */
    CloreListing(Object lock, List<CloreSimulator.Offer> offers, Faults faults) {
        this.lock = lock;
        this.offers = offers;
        this.faults = faults;
    }

    SimResponse list(SimRequest request) {
        if (!request.path().equals(CloreSimulator.PATH)) {
            throw SimulatorException.notFound("Not found: " + request.path());
        }
        request.requireMethod("GET");
        int page = request.intParam("page", CloreSimulator.FIRST_PAGE);
        int pageSize = request.intParam("page_size", CloreSimulator.DEFAULT_PAGE_SIZE);
        if (page < CloreSimulator.FIRST_PAGE) {
            throw SimulatorException.badRequest("page must be " + CloreSimulator.FIRST_PAGE + " or more, was " + page);
        }
        if (pageSize < 1) {
            throw SimulatorException.badRequest("page_size must be 1 or more, was " + pageSize);
        }
        pageSize = Math.min(pageSize, CloreSimulator.MAX_PAGE_SIZE);
        Predicate<CloreSimulator.Offer> filter =
                CloreFilter.parse(request.param("filter").orElse(""));
        Faults.Rule fault = faults.takeListFault(request.path()).orElse(null);
        ArrayNode machines = SimJson.array();
        int total;
        synchronized (lock) {
            List<CloreSimulator.Offer> matching = offers.stream().filter(filter).toList();
            total = PageFaults.total(fault, matching.size());
            long from = (long) (page - CloreSimulator.FIRST_PAGE) * pageSize;
            List<CloreSimulator.Offer> slice = PageFaults.items(
                    fault,
                    from >= matching.size()
                            ? List.of()
                            : matching.subList((int) from, (int) Math.min(matching.size(), from + pageSize)));
            if (PageFaults.is(fault, Faults.Kind.DUPLICATE_ID) && !slice.isEmpty()) {
                slice = new ArrayList<>(slice);
                slice.add(
                        from > 0 ? 0 : slice.size(),
                        from > 0 ? matching.get((int) from - 1) : slice.get(slice.size() - 1));
            } else if (PageFaults.is(fault, Faults.Kind.SHIFT_LISTING) && !slice.isEmpty()) {
                offers.remove(slice.get(0));
            }
            slice.forEach(o -> machines.add(render(o)));
        }
        ObjectNode body = SimJson.object();
        body.put("total", total);
        body.put("current_page", page);
        body.put("page_size", pageSize);
        body.set("machines", machines);
        return SimResponse.jsonList(200, SimJson.write(body));
    }

    private static ObjectNode render(CloreSimulator.Offer o) {
        ObjectNode node = SimJson.object();
        node.put("status", o.status());
        ArrayNode prices = node.putArray("machine_prices");
        o.prices().forEach(p -> prices.addObject()
                .put("id", p.id())
                .put("amount", p.amount())
                .put("currency", p.currency()));
        ObjectNode metadata = node.putObject("metadata");
        metadata.put("machine_id", o.machineId());
        metadata.putObject("geo_location").put("country", o.country()).put("city", o.city());
        metadata.put("cuda_version", o.cudaVersion());
        ObjectNode hardware = node.putObject("hardware_specs");
        hardware.putObject("cpu")
                .put("model", o.cpuModel())
                .put("cpu_arch", "amd64")
                .put("cores", o.cores())
                .put("threads", o.threads())
                .put("base_clock", o.baseClock())
                .put("boost_clock", o.boostClock());
        hardware.putObject("memory").put("total_memory", o.totalMemory()).put("memory_required", o.memoryRequired());
        hardware.putObject("storage")
                .put("disk_space_available", o.diskSpace())
                .put("disk_type", o.diskType())
                .put("disk_name", o.diskName());
        ArrayNode gpus = hardware.putArray("gpus");
        o.gpus().forEach(g -> gpus.addObject()
                .put("id", g.id())
                .put("name", g.name())
                .put("memory", g.memory())
                .put("cuda_cores", g.cudaCores())
                .put("tensor_cores", g.tensorCores())
                .put("flops", g.flops()));
        node.putObject("network_info").put("bandwidth", o.bandwidth());
        return node;
    }
}
