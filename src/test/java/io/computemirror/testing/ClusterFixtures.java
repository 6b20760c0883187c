package io.computemirror.testing;

import java.util.List;
import java.util.Map;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Conditions;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.api.v1alpha1.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Objects the operator's integration tests create and read on the real API server. */
public final class ClusterFixtures {

    private final KubernetesClient client;

    public ClusterFixtures(KubernetesClient client) {
        this.client = client;
    }

    /** Creates (or keeps) a namespace and returns its name. */
    public String namespace(String name) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .serverSideApply();
        return name;
    }

    /** A Secret {@code <name>-credentials} (key {@code token}) and a ComputeProvider using it. */
    public ComputeProvider provider(
            String ns,
            String name,
            ProviderType type,
            String endpoint,
            String token,
            String pollInterval,
            String goneGracePeriod) {
        return provider(ns, name, type, endpoint, token, pollInterval, goneGracePeriod, spec -> {});
    }

    /** As above, with further spec settings applied before the create (so even the first poll uses them). */
    public ComputeProvider provider(
            String ns,
            String name,
            ProviderType type,
            String endpoint,
            String token,
            String pollInterval,
            String goneGracePeriod,
            java.util.function.Consumer<ComputeProviderSpec> customise) {
        client.secrets()
                .inNamespace(ns)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name + "-credentials")
                        .endMetadata()
                        .withStringData(Map.of("token", token))
                        .build())
                .create();
        ComputeProvider cp = new ComputeProvider();
        cp.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        ComputeProviderSpec spec = new ComputeProviderSpec();
        spec.setType(type);
        spec.setEndpoint(endpoint);
        spec.setCredentialsSecretRef(new SecretKeyRef(name + "-credentials", "token"));
        spec.setPollInterval(pollInterval);
        spec.setGoneGracePeriod(goneGracePeriod);
        customise.accept(spec);
        cp.setSpec(spec);
        return client.resource(cp).create();
    }

    public <T extends HasMetadata> List<T> list(Class<T> type, String ns) {
        return client.resources(type).inNamespace(ns).list().getItems();
    }

    public <T extends HasMetadata> T get(Class<T> type, String ns, String name) {
        return client.resources(type).inNamespace(ns).withName(name).get();
    }

    /** Events in the namespace with the given reason. */
    public List<Event> events(String ns, String reason) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()))
                .toList();
    }

    /** The condition of the given type; fails the test when it is missing. */
    public static Condition condition(List<Condition> conditions, String type) {
        return Conditions.find(conditions, type).orElseThrow(() -> new AssertionError("no condition " + type));
    }
}
