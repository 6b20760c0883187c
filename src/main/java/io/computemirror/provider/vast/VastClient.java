package io.computemirror.provider.vast;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computemirror.provider.AccountClient;
import io.computemirror.provider.LevelLifecycle;
import io.computemirror.provider.Listing;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.MachineSource;
import io.computemirror.provider.OfferObservation;
import io.computemirror.provider.OfferSource;
import io.computemirror.provider.PercentEncoding;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderException;
import io.computemirror.provider.ProviderHttp;
import io.computemirror.provider.ProviderJson;
import io.computemirror.provider.RequestOperation;

/**
 * One Vast.ai account: marketplace offers ({@code POST /api/v0/bundles/}), the account's instances
 * ({@code GET /api/v1/instances/}, cursor pages of 25), one instance ({@code GET /api/v0/instances/{id}/}) and its
 * stop or start ({@code PUT /api/v0/instances/{id}/}). The API key goes in {@code Authorization: Bearer}, never in the
 * query string where Vast also accepts it.
 * <p>
 * Every price is USD per hour ({@code dph_total}, storage included), so the account's prices are normalised with the
 * unit Hour.
 */
public final class VastClient extends AccountClient implements OfferSource, MachineSource, LevelLifecycle {

    private static final Logger LOG = Logger.getLogger(VastClient.class);
    /** The v1 list's page size: its default and its maximum. */
    static final int INSTANCE_PAGE_SIZE = 25;
    /** The offers the search returns when the body names no limit (observed, not documented). */
    static final int SERVER_DEFAULT_OFFER_LIMIT = 64;
    /** A listing longer than this many pages is taken as a provider bug rather than followed forever. */
    static final int MAX_PAGES = 10_000;
    /** Vast's prices are dollars. */
    static final String CURRENCY = "USD";

    private static final int MAX_STATUS_MESSAGE_CHARS = 200;

    private final VastSettings settings;
    private final Clock clock;

    public VastClient(ProviderAccount account, VastSettings settings) {
        this(account, settings, Clock.systemUTC());
    }

    /** @param clock decides whether an instance's contract has ended */
    VastClient(ProviderAccount account, VastSettings settings, Clock clock) {
        super(account, VastErrors::parse);
        this.settings = settings == null ? VastSettings.defaults() : settings;
        this.clock = clock;
    }

    public VastSettings settings() {
        return settings;
    }

    /**
     * One search for at most {@code limit + 1} offers, cheapest first. The search has no pages and no total, so the
     * one extra offer is how a listing shows it is complete: when it comes back, the market holds more than
     * {@code limit} offers; the cheapest {@code limit} are returned as an incomplete listing (nothing is marked Gone
     * on it). A response of exactly 64 offers when more were asked for is the server's own default cap (it may have
     * ignored the limit) and is incomplete too. An account that does not mirror offers lists none, completely.
     */
    @Override
    public Listing<OfferObservation> listOffers() {
        if (!settings.mirrorsOffers()) {
            return Listing.complete(List.of(), 0);
        }
        int limit = settings.limit();
        int asked = limit + 1;
        URI uri = URI.create(base + "/api/v0/bundles/");
        VastDtos.OfferList list = call(
                RequestOperation.LIST,
                ProviderHttp.Request.post(uri, "POST /api/v0/bundles/", account.credential(), searchBody(asked)),
                VastMapping::readOffers);
        boolean interruptible = settings.filter().rental() == VastSettings.Rental.Interruptible;
        Map<String, OfferObservation> offers = new LinkedHashMap<>();
        for (VastDtos.Offer o : list.offers()) {
            if (offers.size() >= limit) {
                break;
            }
            if (o == null || o.id() == null) {
                LOG.debugf("provider account %s: skipped a Vast offer without id", account.key());
                continue;
            }
            if (Boolean.TRUE.equals(o.rented())) {
                // Vast's CLI drops these after the search too: the server's rented filter is not reliable.
                continue;
            }
            offers.putIfAbsent(Long.toString(o.id()), VastMapping.toObservation(o, interruptible));
        }
        int received = list.offers().size();
        Listing.Incomplete incomplete = null;
        if (received >= asked) {
            incomplete = new Listing.Incomplete(
                    Listing.Reason.LimitReached,
                    "asked for " + asked + " offers to see past the limit of " + limit + " and got " + received
                            + ": the market holds more offers than the limit; raise it or narrow the filter");
        } else if (received == SERVER_DEFAULT_OFFER_LIMIT && asked > SERVER_DEFAULT_OFFER_LIMIT) {
            incomplete = new Listing.Incomplete(
                    Listing.Reason.LimitReached,
                    "got exactly " + SERVER_DEFAULT_OFFER_LIMIT + " offers, the search's default cap, when " + asked
                            + " were asked for: the server may have ignored the limit");
        }
        return new Listing<>(new ArrayList<>(offers.values()), incomplete, null);
    }

    /**
     * Follows the v1 cursor pages until {@code next_token} is null. A token that comes back a second time ends the
     * listing as incomplete, and so does a {@code total_instances} that disagrees with the instances seen. An account
     * that does not mirror instances lists none, completely.
     */
    @Override
    public Listing<MachineObservation> listMachines() {
        if (!settings.mirrorsInstances()) {
            return Listing.complete(List.of(), 0);
        }
        Map<String, MachineObservation> machines = new LinkedHashMap<>();
        Set<String> tokens = new HashSet<>();
        Listing.Incomplete incomplete = null;
        Integer total = null;
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String query = "?limit=" + INSTANCE_PAGE_SIZE
                    + (token == null ? "" : "&after_token=" + PercentEncoding.queryValue(token, ""));
            URI uri = URI.create(base + "/api/v1/instances/" + query);
            VastDtos.InstancePage result = call(
                    RequestOperation.LIST,
                    ProviderHttp.Request.get(uri, "GET /api/v1/instances/", account.credential()),
                    VastMapping::readInstancePage);
            if (result.totalInstances() != null) {
                total = result.totalInstances();
            }
            for (VastDtos.Instance i : result.instances()) {
                if (i == null || i.id() == null) {
                    LOG.debugf("provider account %s: skipped a Vast instance without id", account.key());
                    continue;
                }
                if (machines.putIfAbsent(Long.toString(i.id()), toObservation(i)) != null && incomplete == null) {
                    incomplete = new Listing.Incomplete(
                            Listing.Reason.DuplicateId,
                            "instance " + i.id() + " was listed twice: the listing moved while it was read");
                }
            }
            String next = result.nextToken();
            if (next == null || next.isBlank()) {
                if (incomplete == null && total != null && total != machines.size()) {
                    incomplete = new Listing.Incomplete(
                            Listing.Reason.CountMismatch,
                            "total_instances says " + total + ", " + machines.size()
                                    + " distinct instances were listed");
                }
                return new Listing<>(new ArrayList<>(machines.values()), incomplete, total);
            }
            if (!tokens.add(next)) {
                return new Listing<>(
                        new ArrayList<>(machines.values()),
                        new Listing.Incomplete(
                                Listing.Reason.CursorRepeated,
                                "the provider returned a next_token it had returned before (pagination loop) after "
                                        + machines.size() + " instances"),
                        total);
            }
            token = next;
        }
        throw ProviderException.of(
                ProviderException.Kind.MALFORMED_RESPONSE,
                account.key(),
                "GET /api/v1/instances/",
                "more than " + MAX_PAGES + " pages of instances",
                null);
    }

    /**
     * The instance as it is now. Vast answers a destroyed or unknown instance with 200 {@code {"instances": null}};
     * that, a 404 and an id that is not a number are {@link ProviderException.Kind#NOT_FOUND}.
     */
    @Override
    public MachineObservation getMachine(String id) {
        String operation = "GET /api/v0/instances/" + id + "/";
        requireNumeric(id, operation);
        URI uri = URI.create(base + "/api/v0/instances/" + id + "/?owner=me");
        VastDtos.Instance instance = call(
                RequestOperation.GET,
                ProviderHttp.Request.get(uri, operation, account.credential()),
                body -> VastMapping.readShow(body, id));
        if (instance == null) {
            throw new ProviderException(
                    ProviderException.Kind.NOT_FOUND,
                    account.key(),
                    operation,
                    200,
                    "no_such_instance",
                    "Vast shows no instance " + id + " (destroyed or never existed)",
                    null,
                    null,
                    null);
        }
        return toObservation(instance);
    }

    /**
     * Sets the instance's {@code intended_status}; the host follows later ({@code actual_status}). Vast does not say
     * whether a repeated request is refused, so callers compare {@link MachineObservation#intendedSuspended()} first
     * and send only a change. {@code {"success": false}} fails with the provider's message.
     */
    @Override
    public void requestSuspended(String id, boolean suspended) {
        String operation = "PUT /api/v0/instances/" + id + "/";
        requireNumeric(id, operation);
        URI uri = URI.create(base + "/api/v0/instances/" + id + "/");
        String body = ProviderJson.MAPPER
                .createObjectNode()
                .put("state", suspended ? "stopped" : "running")
                .toString();
        VastDtos.ChangeResult result = call(
                RequestOperation.SET_STATE,
                new ProviderHttp.Request("PUT", uri, operation, account.credential(), Map.of(), body, null),
                VastMapping::readChange);
        if (Boolean.FALSE.equals(result.success())) {
            throw new ProviderException(
                    ProviderException.Kind.CLIENT_ERROR,
                    account.key(),
                    operation,
                    200,
                    result.error(),
                    account.credential().redact(result.msg() == null ? "the change was refused" : result.msg()),
                    null,
                    null,
                    null);
        }
    }

    /** The search body: filters at the top level, each {@code "field": {"op": value}}, and the control keys. */
    String searchBody(int asked) {
        VastSettings.OfferFilter f = settings.filter();
        ObjectNode body = ProviderJson.MAPPER.createObjectNode();
        // Vast's tools send these defaults explicitly; whether the server applies them when absent is undocumented.
        body.putObject("rentable").put("eq", true);
        body.putObject("rented").put("eq", false);
        body.putObject("external").put("eq", false);
        if (f.verifiedOnly()) {
            body.putObject("verified").put("eq", true);
        }
        if (!f.gpuNames().isEmpty()) {
            ArrayNode names = body.putObject("gpu_name").putArray("in");
            f.gpuNames().forEach(names::add);
        }
        if (f.minGpus() != null) {
            body.putObject("num_gpus").put("gte", f.minGpus());
        }
        if (f.minVramGib() != null) {
            // The mirror rounds gpu_ram (MiB) to a whole GiB; this bound keeps every offer that rounds to the minimum
            // or more (an RTX 4090 reports 24564 MiB and shows as 24 GiB).
            body.putObject("gpu_ram").put("gte", f.minVramGib() * 1024 - 512);
        }
        if (!f.countries().isEmpty()) {
            ArrayNode countries = body.putObject("geolocation").putArray("in");
            f.countries().forEach(countries::add);
        }
        if (f.datacenterOnly()) {
            body.putObject("datacenter").put("eq", true);
        }
        body.putArray("order").addArray().add("dph_total").add("asc");
        body.put("type", f.rental() == VastSettings.Rental.Interruptible ? "bid" : "on-demand");
        body.put("limit", asked);
        body.put("allocated_storage", settings.allocatedStorageGb());
        return body.toString();
    }

    /**
     * Sends under the account's retries and circuit breaker. A bad key is {@link ProviderException.Kind#AUTH} whether
     * Vast answers 401, 403 or (as its search spec documents) 404 with {@code Invalid user key}.
     */
    private <T> T call(RequestOperation what, ProviderHttp.Request request, ProviderHttp.BodyReader<T> reader) {
        try {
            return http.call(what, request, reader);
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.NOT_FOUND && isBadKey(e)) {
                throw new ProviderException(
                        ProviderException.Kind.AUTH,
                        e.accountKey(),
                        e.operation(),
                        e.httpStatus(),
                        e.providerCode().orElse(null),
                        e.providerMessage().orElse(null),
                        null,
                        e.details(),
                        null);
            }
            throw e;
        }
    }

    private static boolean isBadKey(ProviderException e) {
        return e.providerCode().filter(VastErrors.AUTH_ERROR::equals).isPresent()
                || e.providerMessage()
                        .filter(m -> m.contains(VastErrors.INVALID_USER_KEY))
                        .isPresent();
    }

    private void requireNumeric(String id, String operation) {
        if (id == null || id.isEmpty() || id.length() > 19 || !id.chars().allMatch(Character::isDigit)) {
            throw ProviderException.of(
                    ProviderException.Kind.NOT_FOUND,
                    account.key(),
                    operation,
                    "Vast instance ids are numbers; no request sent",
                    null);
        }
    }

    /** Maps one instance; secrets are not in the DTO, and the status message is shortened and redacted. */
    MachineObservation toObservation(VastDtos.Instance i) {
        String statusMessage = statusMessage(i.statusMsg());
        Instant contractEnd = VastMapping.epoch(i.endDate());
        VastInstanceStates.Reading reading = VastInstanceStates.read(
                i.intendedStatus(), i.actualStatus(), statusMessage, contractEnd, i.creditBalance(), clock.instant());
        int count = i.numGpus() == null ? 0 : i.numGpus();
        Integer perGpuMib =
                i.gpuRam() != null ? i.gpuRam() : i.gpuTotalram() != null && count > 0 ? i.gpuTotalram() / count : null;
        List<String> addresses = VastMapping.blank(i.publicIpaddr())
                ? List.of()
                : List.of(i.publicIpaddr().trim());
        MachineObservation.VastFacts facts = new MachineObservation.VastFacts(
                i.intendedStatus(),
                i.actualStatus(),
                i.curState(),
                statusMessage,
                VastMapping.blankToNull(i.imageUuid()),
                i.gpuName(),
                i.numGpus(),
                VastMapping.exactGib(perGpuMib),
                i.dphTotal(),
                i.storageTotalCost(),
                i.diskSpace(),
                i.isBid(),
                contractEnd,
                i.machineId() == null ? null : Long.toString(i.machineId()),
                i.hostId() == null ? null : Long.toString(i.hostId()),
                i.geolocation(),
                VastLocations.country(i.geolocation()),
                VastMapping.blankToNull(i.sshHost()),
                i.sshPort(),
                VastMapping.localAddresses(i.localIpaddrs()));
        return new MachineObservation(
                Long.toString(i.id()),
                VastMapping.blankToNull(i.label()),
                reading.state(),
                i.actualStatus(),
                null,
                addresses,
                VastMapping.blankToNull(i.imageUuid()),
                null,
                null,
                i.machineId() == null ? null : Long.toString(i.machineId()),
                VastMapping.epoch(i.startDate()),
                null,
                null,
                null,
                null,
                null,
                facts,
                VastInstanceStates.intendedSuspended(i.intendedStatus()),
                reading.waitingReason());
    }

    private String statusMessage(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String oneLine =
                account.credential().redact(raw).replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_STATUS_MESSAGE_CHARS
                ? oneLine
                : oneLine.substring(0, MAX_STATUS_MESSAGE_CHARS - 1) + "…";
    }
}
