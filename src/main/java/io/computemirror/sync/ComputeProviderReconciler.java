package io.computemirror.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderStatus;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Conditions;
import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.SecretKeyRef;
import io.computemirror.config.OperatorConfig;
import io.computemirror.provider.EndpointPolicy;
import io.computemirror.provider.MachineSource;
import io.computemirror.provider.OfferSource;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderClient;
import io.computemirror.provider.ProviderClients;
import io.computemirror.provider.ProviderException;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.inject.Inject;

/**
 * Polls each ComputeProvider account at its {@code pollInterval} and reports on the ComputeProvider whether its
 * endpoint is allowed, its credentials Secret is usable, and the last poll worked. Writing Machine and GpuOffer
 * mirrors from the poll result is the next step of the sync (issue #5) and not done here yet.
 */
@ControllerConfiguration(name = "computeprovider")
public class ComputeProviderReconciler implements Reconciler<ComputeProvider> {

    private static final Logger LOG = Logger.getLogger(ComputeProviderReconciler.class);

    private final ProviderAccounts accounts;
    private final Clock clock;

    @Inject
    public ComputeProviderReconciler(ProviderAccounts accounts) {
        this(accounts, Clock.systemUTC());
    }

    ComputeProviderReconciler(ProviderAccounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public UpdateControl<ComputeProvider> reconcile(ComputeProvider cp, Context<ComputeProvider> context) {
        String ref = cp.getMetadata().getNamespace() + "/" + cp.getMetadata().getName();
        ComputeProviderStatus previous = cp.getStatus() == null ? new ComputeProviderStatus() : cp.getStatus();
        ComputeProviderStatus status = copyOf(previous);
        long generation = Optional.ofNullable(cp.getMetadata().getGeneration()).orElse(0L);
        Instant now = clock.instant();
        status.setObservedGeneration(generation);
        status.setEndpoint(ProviderAccounts.endpoint(cp));

        if (Boolean.TRUE.equals(cp.getSpec().getPaused())) {
            setReady(status, false, "Paused", "spec.paused is true: not polling " + status.getEndpoint(), generation, now);
            return patchIfChanged(cp, previous, status, null);
        }

        ProviderAccounts.Resolution resolution = accounts.resolve(cp, context.getClient());
        if (resolution instanceof ProviderAccounts.Unusable unusable) {
            setReady(status, false, unusable.reason(), unusable.message(), generation, now);
            return patchIfChanged(cp, previous, status, retryDelay());
        }
        ProviderClient client = ((ProviderAccounts.Usable) resolution).client();
        SecretKeyRef secretRef = cp.getSpec().getCredentialsSecretRef();

        status.setLastPollTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
        long started = System.nanoTime();
        try {
            int listed = poll(client);
            status.setLastPollDurationMillis(Duration.ofNanos(System.nanoTime() - started).toMillis());
            status.setLastSuccessTime(status.getLastPollTime());
            status.setConsecutiveFailures(0);
            status.setLastError(null);
            setReady(status, true, "Polled", "listed " + listed + " objects at " + status.getEndpoint(), generation, now);
            LOG.debugf("ComputeProvider %s: listed %d objects", ref, listed);
        } catch (ProviderException e) {
            status.setLastPollDurationMillis(Duration.ofNanos(System.nanoTime() - started).toMillis());
            status.setConsecutiveFailures(Optional.ofNullable(previous.getConsecutiveFailures()).orElse(0) + 1);
            status.setLastError(e.getMessage());
            if (e.kind() == ProviderException.Kind.AUTH) {
                setReady(status, false, "CredentialsRefused", "the provider refused the credential in Secret "
                        + cp.getMetadata().getNamespace() + "/" + secretRef.getName() + " key '" + secretRef.getKey()
                        + "': " + e.getMessage(), generation, now);
            } else {
                setReady(status, false, "ProviderUnavailable", e.getMessage(), generation, now);
            }
            LOG.infof("ComputeProvider %s: poll failed (%s): %s", ref, e.kind(), e.getMessage());
        }
        return UpdateControl.patchStatus(withStatus(cp, status)).rescheduleAfter(nextPoll(cp));
    }

    private static int poll(ProviderClient client) {
        if (client instanceof OfferSource offers) {
            return offers.listOffers().size();
        }
        return ((MachineSource) client).listMachines().size();
    }

    /** The poll interval with up to 10% jitter, so accounts created together do not poll in lockstep. */
    static Duration nextPoll(ComputeProvider cp) {
        Duration interval = Durations.parse(cp.getSpec().getPollInterval(), Duration.ofSeconds(60));
        long jitter = (long) (interval.toMillis() * 0.1 * ThreadLocalRandom.current().nextDouble());
        return interval.plusMillis(jitter);
    }

    /** Configuration problems are re-checked slowly: the user has to act first. */
    private static Duration retryDelay() {
        return Duration.ofSeconds(30);
    }

    private static void setReady(ComputeProviderStatus status, boolean ready, String reason, String message, long generation,
            Instant now) {
        status.setConditions(Conditions.set(status.getConditions(), ApiConstants.CONDITION_READY, ready, reason, message,
                generation, now));
    }

    private static UpdateControl<ComputeProvider> patchIfChanged(ComputeProvider cp, ComputeProviderStatus previous,
            ComputeProviderStatus status, Duration reschedule) {
        UpdateControl<ComputeProvider> control = sameJson(previous, status) ? UpdateControl.noUpdate()
                : UpdateControl.patchStatus(withStatus(cp, status));
        return reschedule == null ? control : control.rescheduleAfter(reschedule);
    }

    private static ComputeProvider withStatus(ComputeProvider cp, ComputeProviderStatus status) {
        cp.setStatus(status);
        return cp;
    }

    private static boolean sameJson(Object a, Object b) {
        return Objects.equals(io.fabric8.kubernetes.client.utils.Serialization.asJson(a),
                io.fabric8.kubernetes.client.utils.Serialization.asJson(b));
    }

    private static ComputeProviderStatus copyOf(ComputeProviderStatus status) {
        ComputeProviderStatus copy = io.fabric8.kubernetes.client.utils.Serialization.clone(status);
        if (copy.getConditions() == null) {
            copy.setConditions(List.of());
        }
        return copy;
    }
}
