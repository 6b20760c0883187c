package io.computemirror.provider.akua;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import io.computemirror.provider.AccountClient;
import io.computemirror.provider.Listing;
import io.computemirror.provider.MachineObservation;
import io.computemirror.provider.MachineSource;
import io.computemirror.provider.MachineState;
import io.computemirror.provider.OperationLifecycle;
import io.computemirror.provider.OperationObservation;
import io.computemirror.provider.OperationState;
import io.computemirror.provider.PercentEncoding;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderException;
import io.computemirror.provider.ProviderHttp;
import io.computemirror.provider.ProviderJson;
import io.computemirror.provider.RequestOperation;
import io.computemirror.provider.Suspension;

/**
 * Reads and acts on the machines of one Akua workspace: cursor-paged listing, get, {@code :suspend} and
 * {@code :resume} (with {@code if-match} and {@code idempotency-key}), and following the operations they start.
 */
public final class AkuaClient extends AccountClient implements MachineSource, OperationLifecycle {

    private static final Logger LOG = Logger.getLogger(AkuaClient.class);
    /** The API's maximum page size. */
    static final int PAGE_LIMIT = 100;
    /** A listing longer than this many pages is taken as a provider bug rather than followed forever. */
    static final int MAX_PAGES = 10_000;

    public AkuaClient(ProviderAccount account) {
        super(account);
    }

    /**
     * Follows the cursor pages. A cursor that comes back a second time, or {@code has_more} without a cursor, means the
     * rest of the listing cannot be read: the machines seen so far are returned as an incomplete listing (the sync
     * updates them and marks nothing Gone), instead of following a loop or failing the whole poll.
     */
    @Override
    public Listing<MachineObservation> listMachines() {
        Map<String, MachineObservation> machines = new LinkedHashMap<>();
        Set<String> cursors = new HashSet<>();
        Listing.Incomplete duplicate = null;
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String query = "?limit=" + PAGE_LIMIT
                    + (cursor == null ? "" : "&cursor=" + PercentEncoding.queryValue(cursor, ""));
            AkuaDtos.MachineList list = http.call(
                    RequestOperation.LIST,
                    request("GET", URI.create(base + "/machines" + query), "GET /machines"),
                    AkuaClient::readMachineList);
            for (AkuaDtos.Machine m : list.data()) {
                if (m == null || m.id() == null || m.id().isBlank()) {
                    LOG.debugf("provider account %s: skipped an Akua machine without id", account.key());
                    continue;
                }
                if (machines.putIfAbsent(m.id(), toObservation(m)) != null && duplicate == null) {
                    duplicate = new Listing.Incomplete(
                            Listing.Reason.DuplicateId,
                            "machine " + m.id() + " was listed twice: the listing moved while it was read");
                }
            }
            String next = list.nextCursor();
            boolean hasMore = Boolean.TRUE.equals(list.hasMore());
            if (hasMore && (next == null || next.isBlank())) {
                LOG.debugf("provider account %s: Akua said has_more without next_cursor; stopping", account.key());
                return new Listing<>(
                        new ArrayList<>(machines.values()),
                        new Listing.Incomplete(
                                Listing.Reason.MissingCursor,
                                "has_more was true without a next_cursor after " + machines.size() + " machines"),
                        null);
            }
            if (!hasMore) {
                return new Listing<>(new ArrayList<>(machines.values()), duplicate, null);
            }
            if (!cursors.add(next)) {
                return new Listing<>(
                        new ArrayList<>(machines.values()),
                        new Listing.Incomplete(
                                Listing.Reason.CursorRepeated,
                                "the provider returned a next_cursor it had returned before "
                                        + "(pagination loop) after " + machines.size() + " machines"),
                        null);
            }
            cursor = next;
        }
        throw ProviderException.of(
                ProviderException.Kind.MALFORMED_RESPONSE,
                account.key(),
                "GET /machines",
                "more than " + MAX_PAGES + " pages of machines",
                null);
    }

    @Override
    public MachineObservation getMachine(String machineId) {
        URI uri = URI.create(base + "/machines/" + PercentEncoding.pathSegment(machineId));
        AkuaDtos.Machine m = http.call(
                RequestOperation.GET, request("GET", uri, "GET /machines/" + machineId), AkuaClient::readMachine);
        return toObservation(m);
    }

    @Override
    public OperationObservation suspend(String machineId, String etag, String idempotencyKey) {
        return lifecycle(machineId, "suspend", etag, idempotencyKey, "{\"reason\":\"manual\"}");
    }

    @Override
    public OperationObservation resume(String machineId, String etag, String idempotencyKey) {
        // The spec forbids any property in the resume body.
        return lifecycle(machineId, "resume", etag, idempotencyKey, "{}");
    }

    private static RequestOperation requestOperation(String action) {
        return switch (action) {
            case "suspend" -> RequestOperation.SUSPEND;
            case "resume" -> RequestOperation.RESUME;
            default -> RequestOperation.SET_STATE;
        };
    }

    private OperationObservation lifecycle(
            String machineId, String action, String etag, String idempotencyKey, String body) {
        if (etag == null || etag.isBlank() || etag.length() > 256) {
            throw new IllegalArgumentException("etag must be 1..256 characters (read it with getMachine first)");
        }
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 64) {
            throw new IllegalArgumentException("idempotencyKey must be 1..64 characters");
        }
        // Colon action suffix appended as text: a URI template would read ":suspend" as a variable.
        URI uri = URI.create(base + "/machines/" + PercentEncoding.pathSegment(machineId) + ":" + action);
        ProviderHttp.Request req = request("POST", uri, "POST /machines/" + machineId + ":" + action)
                .withHeader("if-match", etag)
                .withHeader("idempotency-key", idempotencyKey)
                .withJsonBody(body);
        return toObservation(http.call(requestOperation(action), req, AkuaClient::readOperation));
    }

    @Override
    public OperationObservation getOperation(String operationId) {
        URI uri = URI.create(base + "/operations/" + PercentEncoding.pathSegment(operationId));
        return toObservation(http.call(
                RequestOperation.OPERATION,
                request("GET", uri, "GET /operations/" + operationId),
                AkuaClient::readOperation));
    }

    private ProviderHttp.Request request(String method, URI uri, String operation) {
        ProviderHttp.Request r =
                new ProviderHttp.Request(method, uri, operation, account.credential(), Map.of(), null, null);
        return r.withHeader("akua-context", AkuaSettings.of(account).workspace());
    }

    static AkuaDtos.MachineList readMachineList(String body) throws IOException {
        AkuaDtos.MachineList list = ProviderJson.MAPPER.readValue(body, AkuaDtos.MachineList.class);
        if (list == null || list.data() == null) {
            throw new IOException("expected an object with a \"data\" array");
        }
        return list;
    }

    static AkuaDtos.Machine readMachine(String body) throws IOException {
        AkuaDtos.Machine m = ProviderJson.MAPPER.readValue(body, AkuaDtos.Machine.class);
        if (m == null || m.id() == null || m.id().isBlank()) {
            throw new IOException("expected a machine object with an \"id\"");
        }
        return m;
    }

    static AkuaDtos.Operation readOperation(String body) throws IOException {
        AkuaDtos.Operation op = ProviderJson.MAPPER.readValue(body, AkuaDtos.Operation.class);
        if (op == null || (isBlank(op.id()) && isBlank(op.operationId()))) {
            throw new IOException("expected an operation with \"id\" or \"operation_id\"");
        }
        return op;
    }

    /** Maps a wire machine to the neutral observation. */
    static MachineObservation toObservation(AkuaDtos.Machine m) {
        List<String> addresses = new ArrayList<>();
        AkuaDtos.ProviderResource pr = m.providerResource();
        if (pr != null) {
            if (pr.floatingIp() != null && !isBlank(pr.floatingIp().ipv4())) {
                addresses.add(pr.floatingIp().ipv4());
            }
            if (!isBlank(pr.publicIp()) && !addresses.contains(pr.publicIp())) {
                addresses.add(pr.publicIp());
            }
        }
        Suspension suspension = null;
        AkuaDtos.CurrentSuspension cs = m.currentSuspension();
        if (cs != null) {
            suspension = new Suspension(
                    cs.eventId(),
                    ProviderJson.epoch(cs.expiresAt()),
                    cs.monthlyCostCents(),
                    cs.reason(),
                    cs.snapshotRef() == null ? null : cs.snapshotRef().snapshotId(),
                    cs.snapshotRef() == null ? null : cs.snapshotRef().sizeGb());
        }
        MachineObservation.AkuaFacts facts = new MachineObservation.AkuaFacts(
                blankToNull(m.workspaceId()),
                blankToNull(m.computeConfigId()),
                m.reconciling(),
                pr == null ? null : blankToNull(pr.identityKind()),
                pr == null || pr.floatingIp() == null
                        ? null
                        : blankToNull(pr.floatingIp().id()));
        return new MachineObservation(
                m.id(),
                m.name(),
                state(m.state()),
                m.state(),
                m.providerId(),
                addresses,
                null,
                null,
                null,
                m.nodeName(),
                ProviderJson.epoch(m.createdAt()),
                ProviderJson.epoch(m.updatedAt()),
                m.etag(),
                suspension,
                null,
                blankToNull(m.clusterId()),
                facts,
                null,
                null);
    }

    /** Akua machine state to neutral state; unknown values become UNKNOWN (raw kept by the caller). */
    static MachineState state(String state) {
        if (state == null) {
            return MachineState.UNKNOWN;
        }
        return switch (state.trim().toUpperCase(Locale.ROOT)) {
            case "ACTIVE" -> MachineState.RUNNING;
            case "PROVISIONING" -> MachineState.PROVISIONING;
            case "SUSPENDING" -> MachineState.SUSPENDING;
            case "SUSPENDED" -> MachineState.SUSPENDED;
            case "RESUMING" -> MachineState.RESUMING;
            case "DELETING" -> MachineState.DELETING;
            default -> MachineState.UNKNOWN;
        };
    }

    /** Maps a wire operation; a bare {@code {operation_id}} (docs-era 202) reads as RUNNING. */
    static OperationObservation toObservation(AkuaDtos.Operation op) {
        String id = !isBlank(op.id()) ? op.id() : op.operationId();
        OperationState state = operationState(op.state());
        boolean done = op.done() != null ? op.done() : state.isTerminal();
        if (op.state() == null && !done) {
            state = OperationState.RUNNING;
        }
        String action = op.metadata() != null && op.metadata().type() != null
                ? op.metadata().type()
                : op.response() != null ? op.response().type() : null;
        String machineId = op.metadata() != null && op.metadata().machineId() != null
                ? op.metadata().machineId()
                : op.response() != null && op.response().machineId() != null
                        ? op.response().machineId()
                        : "machine".equals(op.ownerType()) ? op.ownerId() : null;
        String error = op.error() != null && op.error().message() != null
                ? op.error().message()
                : op.lastError() != null ? op.lastError().message() : null;
        return new OperationObservation(
                id,
                action,
                state,
                op.state(),
                done,
                error,
                machineId,
                op.response() == null ? null : op.response().suspensionId(),
                ProviderJson.epoch(op.startedAt()),
                ProviderJson.epoch(op.completedAt()));
    }

    static OperationState operationState(String state) {
        if (state == null) {
            return OperationState.UNKNOWN;
        }
        return switch (state.trim().toUpperCase(Locale.ROOT)) {
            case "RUNNING" -> OperationState.RUNNING;
            case "SUCCEEDED" -> OperationState.SUCCEEDED;
            case "FAILED" -> OperationState.FAILED;
            case "CANCELLED", "CANCELED" -> OperationState.CANCELLED;
            default -> OperationState.UNKNOWN;
        };
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
