package io.computemirror.provider.clore;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;

import io.computemirror.provider.AccountClient;
import io.computemirror.provider.GpuInfo;
import io.computemirror.provider.Listing;
import io.computemirror.provider.OfferObservation;
import io.computemirror.provider.OfferSource;
import io.computemirror.provider.PercentEncoding;
import io.computemirror.provider.Price;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderHttp;
import io.computemirror.provider.ProviderJson;
import io.computemirror.provider.RequestOperation;

/**
 * Lists the Clore on Hiveon marketplace ({@code GET /clore/v1/machines}) page by page. Pages start at 1; listing
 * ends when the offers seen reach {@code total}, a page is empty (or short with nothing more promised), or
 * {@code maxOffers} is reached; see {@link #listOffers()} for when a listing counts as complete.
 */
public final class CloreClient extends AccountClient implements OfferSource {

    private static final Logger LOG = Logger.getLogger(CloreClient.class);

    public CloreClient(ProviderAccount account) {
        super(account);
    }

    /**
     * Reads every page and checks that the pages add up. Page numbers over a live marketplace shift when an offer
     * leaves or joins while the pages are read: an offer can move across a page boundary and be skipped or listed
     * twice. Such a shift shows as a {@code total} that changes between pages (or a repeated id), so the listing is
     * then reported incomplete and the sync marks nothing Gone until a complete listing confirms it; what was seen is
     * still returned. A page shorter than its page size while {@code total} promises more is reported too, and reading
     * goes on, so the rest of the listing is still updated.
     * <p>
     * What this cannot see: one offer leaving before the read position while another joins after it, between two
     * pages; the total stays the same, so the offer that moved up is skipped once and marked Gone until the next poll
     * lists it again.
     * Re-reading every listing to rule that out would double the requests of every poll; it is left as a known limit.
     */
    @Override
    public Listing<OfferObservation> listOffers() {
        CloreSettings settings = CloreSettings.of(account);
        int pageSize = settings.pageSize();
        int maxOffers = settings.maxOffers();
        String filter = filter(settings.filter());
        // Keyed by machine id: a listing that shifts while it is paged must not yield duplicates.
        Map<String, OfferObservation> offers = new LinkedHashMap<>();
        Listing.Incomplete incomplete = null;
        Integer firstTotal = null;
        Integer total = null;
        long seen = 0;
        int page = 1;
        while (true) {
            URI uri = URI.create(base + "/clore/v1/machines?page=" + page + "&page_size=" + pageSize + filter);
            CloreDtos.MachinePage result = http.call(
                    RequestOperation.LIST,
                    ProviderHttp.Request.get(uri, "GET /clore/v1/machines", account.credential()),
                    CloreClient::readPage);
            List<CloreDtos.Machine> machines = result.machines();
            total = result.total();
            if (page == 1) {
                firstTotal = total;
            } else if (incomplete == null && !java.util.Objects.equals(firstTotal, total)) {
                incomplete = new Listing.Incomplete(
                        Listing.Reason.TotalChanged,
                        "total was " + firstTotal + " on page 1 and " + total + " on page " + page
                                + ": the listing moved while it was read");
            }
            seen += machines.size();
            for (CloreDtos.Machine m : machines) {
                OfferObservation offer = m == null ? null : toObservation(m);
                if (offer == null) {
                    LOG.debugf("provider account %s: skipped a Clore listing entry without machine_id", account.key());
                    continue;
                }
                if (offers.size() >= maxOffers) {
                    break;
                }
                if (offers.putIfAbsent(offer.externalId(), offer) != null && incomplete == null) {
                    incomplete = new Listing.Incomplete(
                            Listing.Reason.DuplicateId,
                            "offer " + offer.externalId() + " was listed twice (page " + page
                                    + "): the listing moved while it was read");
                }
            }
            if (offers.size() >= maxOffers) {
                if (total == null || seen < total) {
                    LOG.debugf(
                            "provider account %s: stopped listing Clore offers at maxOffers=%d",
                            account.key(), maxOffers);
                }
                // Deliberately capped: the offers beyond maxOffers are not mirrored, as documented for
                // spec.clore.maxOffers.
                return new Listing<>(new ArrayList<>(offers.values()), incomplete, total);
            }
            int effectivePageSize = result.pageSize() != null && result.pageSize() > 0 ? result.pageSize() : pageSize;
            if (result.currentPage() != null && result.currentPage() != page) {
                // The server ignores the page parameter; asking again would return the same items forever.
                LOG.debugf(
                        "provider account %s: Clore answered page %d when asked for %d; stopping",
                        account.key(), result.currentPage(), page);
                if (page > 1 && incomplete == null) {
                    incomplete = new Listing.Incomplete(
                            Listing.Reason.PageMismatch,
                            "asked for page " + page + ", the provider answered page " + result.currentPage());
                }
                break;
            }
            if (machines.isEmpty() || (total != null && seen >= total)) {
                break;
            }
            if (machines.size() < effectivePageSize) {
                if (total == null || seen >= total) {
                    break;
                }
                if (incomplete == null) {
                    incomplete = new Listing.Incomplete(
                            Listing.Reason.ShortPage,
                            "page " + page + " had "
                                    + machines.size() + " of " + effectivePageSize + " offers while total " + total
                                    + " promised more");
                }
            }
            page++;
        }
        if (incomplete == null && total != null && offers.size() != total) {
            incomplete = new Listing.Incomplete(
                    Listing.Reason.CountMismatch,
                    "total says " + total + " offers, " + offers.size() + " distinct offers were listed");
        }
        return new Listing<>(new ArrayList<>(offers.values()), incomplete, total);
    }

    static CloreDtos.MachinePage readPage(String body) throws IOException {
        CloreDtos.MachinePage page = ProviderJson.MAPPER.readValue(body, CloreDtos.MachinePage.class);
        if (page == null || page.machines() == null) {
            throw new IOException("expected an object with a \"machines\" array");
        }
        return page;
    }

    /** Maps one listing entry; null when it has no machine id. */
    static OfferObservation toObservation(CloreDtos.Machine m) {
        CloreDtos.Metadata meta = m.metadata();
        String id = meta == null ? null : meta.machineId();
        if (id == null || id.isBlank()) {
            return null;
        }
        CloreDtos.HardwareSpecs hw = m.hardwareSpecs() != null ? m.hardwareSpecs() : meta.hardwareSpecs();
        CloreDtos.NetworkInfo net = m.networkInfo() != null ? m.networkInfo() : meta.networkInfo();
        CloreDtos.Cpu cpu = hw == null ? null : hw.cpu();
        CloreDtos.Memory mem = hw == null ? null : hw.memory();
        CloreDtos.Storage disk = hw == null ? null : hw.storage();
        List<GpuInfo> gpus = new ArrayList<>();
        if (hw != null && hw.gpus() != null) {
            for (CloreDtos.Gpu g : hw.gpus()) {
                if (g != null) {
                    gpus.add(new GpuInfo(g.id(), g.name(), g.memory(), g.cudaCores(), g.tensorCores(), g.flops()));
                }
            }
        }
        List<Price> prices = new ArrayList<>();
        if (m.machinePrices() != null) {
            for (CloreDtos.MachinePrice p : m.machinePrices()) {
                BigDecimal amount = p == null ? null : ProviderJson.decimal(p.amount());
                if (amount == null) {
                    LOG.debugf("skipped a Clore price without a numeric amount on machine %s", id);
                    continue;
                }
                prices.add(new Price(p.id(), amount, p.currency()));
            }
        }
        String status = m.status();
        return new OfferObservation(
                id,
                status != null && status.trim().toLowerCase(Locale.ROOT).equals("available"),
                status,
                gpus,
                cpu == null ? null : cpu.model(),
                cpu == null ? null : cpu.cpuArch(),
                cpu == null ? null : cpu.cores(),
                cpu == null ? null : cpu.threads(),
                cpu == null ? null : cpu.baseClock(),
                cpu == null ? null : cpu.boostClock(),
                mem == null ? null : mem.totalMemory(),
                mem == null ? null : mem.memoryRequired(),
                disk == null ? null : disk.diskSpaceAvailable(),
                disk == null ? null : disk.diskType(),
                disk == null ? null : disk.diskName(),
                net == null ? null : net.bandwidth(),
                meta.geoLocation() == null ? null : meta.geoLocation().country(),
                meta.geoLocation() == null ? null : meta.geoLocation().city(),
                meta.cudaVersion(),
                prices,
                null,
                null,
                null,
                null);
    }

    /** The {@code &filter=key:value,...} query part, or empty; values are percent-encoded one by one. */
    static String filter(CloreOfferFilter f) {
        List<String> parts = new ArrayList<>();
        part(parts, "gpu_name", f.gpuName());
        part(parts, "memory_size", f.minMemoryGb() == null ? null : f.minMemoryGb() + "GB");
        part(parts, "cpu_name", f.cpuName());
        part(
                parts,
                "cpu_cores",
                f.minCpuCores() == null ? null : f.minCpuCores().toString());
        part(parts, "storage_size", f.minStorageGb() == null ? null : f.minStorageGb() + "GB");
        part(parts, "machine_status", f.machineStatus());
        return parts.isEmpty() ? "" : "&filter=" + String.join(",", parts);
    }

    private static void part(List<String> parts, String key, String value) {
        if (value != null && !value.isBlank()) {
            parts.add(key + ":" + PercentEncoding.queryValue(value.trim(), ""));
        }
    }
}
