package io.computemirror.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real API server for a Quarkus test profile and points both the application under test and the test's
 * injected client at it, through the Fabric8 system properties the Quarkus Kubernetes client reads at start.
 */
public class KubeApiServerTestResource implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, String> CLIENT_PROPERTIES = Map.of(
            "kubernetes.auth.tryServiceAccount", "false",
            "kubernetes.auth.tryKubeConfig", "true",
            "kubernetes.namespace", "default");

    private TestApiServer server;

    @Override
    public Map<String, String> start() {
        server = TestApiServer.start();
        // The CRDs are served before the operator starts: QOSDK applies them too, but does not wait until they are
        // Established, and an informer whose first list hits a CRD still being set up fails and stops the operator
        // (seen with a fourth CRD: "listSyncAndWatch failed ... Connection was closed").
        try (var client = server.newClient()) {
            CrdFiles.install(client);
        }
        System.setProperty("kubeconfig", server.kubeConfigFile().toString());
        CLIENT_PROPERTIES.forEach(System::setProperty);
        return Map.of();
    }

    @Override
    public void stop() {
        System.clearProperty("kubeconfig");
        CLIENT_PROPERTIES.keySet().forEach(System::clearProperty);
        if (server != null) {
            server.close();
        }
    }
}
