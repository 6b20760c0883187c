package io.computemirror.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * JUnit 5 extension for plain (non-Quarkus) integration tests: one real API server per test class, and a
 * {@link KubernetesClient} or the {@link TestApiServer} itself injected as test or lifecycle method parameters.
 */
public class ApiServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ApiServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        TestApiServer server = TestApiServer.start();
        store(context).put(TestApiServer.class, server);
        store(context).put(KubernetesClient.class, server.newClient());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        KubernetesClient client = store(context).remove(KubernetesClient.class, KubernetesClient.class);
        if (client != null) {
            client.close();
        }
        TestApiServer server = store(context).remove(TestApiServer.class, TestApiServer.class);
        if (server != null) {
            server.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KubernetesClient.class || type == TestApiServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Object value = store(context).get(type);
        if (value == null) {
            throw new ParameterResolutionException("No API server started for " + context.getDisplayName());
        }
        return value;
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        // Class-level store: the server lives from beforeAll to afterAll of the test class.
        ExtensionContext classContext =
                context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
        return classContext.getStore(NS);
    }
}
