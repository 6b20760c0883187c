package io.computemirror.kube;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.computemirror.api.v1alpha1.ApiConstants;
import io.computemirror.api.v1alpha1.Text;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records Kubernetes Events (core/v1, visible with {@code kubectl describe} and {@code kubectl get events}) about
 * compute-mirror's objects. Events are best-effort: they are sent off the caller's thread, and a failed send is
 * logged, never retried and never fails the caller. Messages must not contain credentials.
 */
@ApplicationScoped
public class KubeEvents {

    private static final Logger LOG = Logger.getLogger(KubeEvents.class);
    private static final String COMPONENT = ApiConstants.MANAGED_BY_VALUE;

    private final KubernetesClient client;
    private final String instance = hostname();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "compute-mirror-events");
        t.setDaemon(true);
        return t;
    });

    public KubeEvents(KubernetesClient client) {
        this.client = client;
    }

    public void normal(HasMetadata object, String reason, String message) {
        record(object, "Normal", reason, message);
    }

    public void warning(HasMetadata object, String reason, String message) {
        record(object, "Warning", reason, message);
    }

    public void record(HasMetadata object, String type, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        var event = new EventBuilder()
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
                .withMessage(Text.clip(message, ApiConstants.MAX_TEXT))
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(instance)
                .build();
        sender.execute(() -> {
            try {
                client.v1()
                        .events()
                        .inNamespace(event.getMetadata().getNamespace())
                        .resource(event)
                        .create();
            } catch (KubernetesClientException e) {
                LOG.warnf(
                        "Event %s %s on %s/%s not recorded: %s",
                        type,
                        reason,
                        object.getMetadata().getNamespace(),
                        object.getMetadata().getName(),
                        e.getMessage());
            }
        });
    }

    @PreDestroy
    void stop() {
        sender.shutdown();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
