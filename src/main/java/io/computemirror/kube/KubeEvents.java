package io.computemirror.kube;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Text;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Records Kubernetes Events (core/v1, visible with {@code kubectl describe} and {@code kubectl get events}) about
 * compute-mirror's objects, with client-go's event recorder semantics: a bounded queue whose overflow is dropped and
 * counted, identical Events folded into one whose count goes up, similar ones combined past ten in ten minutes, and
 * a budget per object (see docs/events.md). Events are best-effort: the caller never waits, a failed write is logged
 * and not retried, and nothing about Events fails the caller. Messages must not contain credentials.
 *
 * <p>Why core/v1 with client-go's correlator rather than events.k8s.io/v1 series: the series API only counts
 * repeats of one identical Event (and client-go's newer recorder keeps no combining of similar ones), while a market
 * produces many similar Events with differing messages; {@code kubectl get events} and {@code kubectl describe} show
 * core/v1 count and lastTimestamp directly; and the operator's RBAC and every existing reader already speak core/v1.
 */
// Started with the application so its meters exist (at 0) before the first Event: alerts need no absent() guard.
@Startup
@ApplicationScoped
public class KubeEvents implements EventRecorder {

    private static final String COMPONENT = ApiConstants.MANAGED_BY_VALUE;

    private final Clock clock;
    private final EventSender sender;
    private final String instance;

    @Inject
    public KubeEvents(KubernetesClient client, MeterRegistry registry) {
        this(Clock.systemUTC(), new ApiServerEventSink(client), registry, EventSender.CAPACITY, hostname());
    }

    KubeEvents(Clock clock, EventSink sink, MeterRegistry registry, int capacity, String instance) {
        this.clock = clock;
        this.sender = new EventSender(capacity, new EventCorrelator(clock), sink, registry);
        this.instance = instance;
    }

    public void normal(HasMetadata object, String reason, String message) {
        record(object, "Normal", reason, message);
    }

    public void warning(HasMetadata object, String reason, String message) {
        record(object, "Warning", reason, message);
    }

    /** Queues an Event about {@code object}; returns at once (the Event is dropped and counted if the queue is full). */
    @Override
    public void record(HasMetadata object, String type, String reason, String message) {
        sender.offer(event(object, type, reason, message));
    }

    /** Waits until the Events recorded so far are written (tests). */
    void flush() throws InterruptedException, ExecutionException, TimeoutException {
        sender.flush();
    }

    Event event(HasMetadata object, String type, String reason, String message) {
        String now = timestamp(clock.instant());
        return new EventBuilder()
                .withNewMetadata()
                .withName(object.getMetadata().getName() + "."
                        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
                .withNamespace(object.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(object.getApiVersion())
                        .withKind(object.getKind())
                        .withName(object.getMetadata().getName())
                        .withNamespace(object.getMetadata().getNamespace())
                        .withUid(object.getMetadata().getUid())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(clip(message))
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(instance)
                .build();
    }

    /** An Event timestamp: RFC 3339 in whole seconds, as core/v1 stores them. */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String clip(String message) {
        return Text.clip(message, ApiConstants.MAX_TEXT);
    }

    @PreDestroy
    void stop() {
        sender.stop();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
