package io.computemirror.config;

import org.eclipse.microprofile.config.ConfigProvider;

import io.computemirror.api.v1alpha1.FieldManagers;
import io.fabric8.kubernetes.client.Config;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import jakarta.inject.Singleton;

/**
 * Identifies the operator to the API server as {@code compute-mirror}: audit logs show it, and every create or
 * update it sends without an explicit field manager (the Fabric8 client sets one only for server-side apply) is
 * recorded under the field manager {@value FieldManagers#SYNC}, like its applies.
 */
@Singleton
public class ClientUserAgent implements KubernetesConfigCustomizer {

    @Override
    public void customize(Config config) {
        String version = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.application.version", String.class)
                .orElse("dev");
        config.setUserAgent(FieldManagers.SYNC + "/" + version);
    }
}
