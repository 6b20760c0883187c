package io.computemirror.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.ComputeProviderSpec;
import io.computemirror.api.v1alpha1.Condition;
import io.computemirror.api.v1alpha1.Conditions;
import io.computemirror.api.v1alpha1.ProviderType;
import io.computemirror.api.v1alpha1.SecretKeyRef;
import io.computemirror.sandbox.AkuaSimulator;
import io.computemirror.sandbox.CloreSimulator;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Small steps the deployment tests share: namespaces, a Clore account, kubeconfigs, the Lease. */
final class Cluster {

    private Cluster() {}

    static void namespace(KubernetesClient client, String name) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    /** A Secret with the simulator's token and a Clore ComputeProvider polling it every 10 s. */
    static void cloreAccount(KubernetesClient client, String namespace, String name, CloreSimulator clore) {
        cloreAccount(client, namespace, name, clore, null);
    }

    /**
     * As above, with {@code spec.clore} given as JSON (so even the first poll uses it, and the test names no Java type
     * of the block).
     */
    static void cloreAccount(
            KubernetesClient client, String namespace, String name, CloreSimulator clore, String cloreJson) {
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withStringData(Map.of("token", clore.token()))
                        .build())
                .create();
        ComputeProvider cp = new ComputeProvider();
        cp.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        ComputeProviderSpec spec = new ComputeProviderSpec();
        spec.setType(ProviderType.Clore);
        spec.setEndpoint(clore.baseUrl());
        spec.setCredentialsSecretRef(new SecretKeyRef(name, "token"));
        spec.setPollInterval("10s");
        spec.setGoneGracePeriod("0s");
        cp.setSpec(spec);
        if (cloreJson != null) {
            ObjectMapper json = Serialization.jsonMapper();
            try {
                ObjectNode tree = json.valueToTree(cp);
                ((ObjectNode) tree.get("spec")).set("clore", json.readTree(cloreJson));
                cp = json.treeToValue(tree, ComputeProvider.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("spec.clore is not JSON: " + cloreJson, e);
            }
        }
        client.resource(cp).create();
    }

    /** A Secret with the simulator's token and an Akua ComputeProvider polling it every 10 s. */
    static void akuaAccount(KubernetesClient client, String namespace, String name, AkuaSimulator akua) {
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withStringData(Map.of("token", AkuaSimulator.DEFAULT_TOKEN))
                        .build())
                .create();
        akua.machineIds().forEach(id -> akua.setState(id, "ACTIVE"));
        ComputeProvider cp = new ComputeProvider();
        cp.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        ComputeProviderSpec spec = new ComputeProviderSpec();
        spec.setType(ProviderType.Akua);
        spec.setEndpoint(akua.baseUrl());
        spec.setCredentialsSecretRef(new SecretKeyRef(name, "token"));
        spec.setPollInterval("10s");
        cp.setSpec(spec);
        client.resource(cp).create();
    }

    static ComputeProvider provider(KubernetesClient client, String namespace, String name) {
        return client.resources(ComputeProvider.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    static Optional<Condition> ready(ComputeProvider cp) {
        return cp == null || cp.getStatus() == null
                ? Optional.empty()
                : Conditions.find(cp.getStatus().getConditions(), "Ready");
    }

    static Instant lastPoll(ComputeProvider cp) {
        return cp == null || cp.getStatus() == null || cp.getStatus().getLastPollTime() == null
                ? Instant.EPOCH
                : Instant.parse(cp.getStatus().getLastPollTime());
    }

    /** When the Lease was last renewed (the epoch when it has no renew time). */
    static Instant leaseRenewTime(KubernetesClient client, String namespace, String name) {
        Lease lease = client.resources(Lease.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        return lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null
                ? Instant.EPOCH
                : lease.getSpec().getRenewTime().toInstant();
    }

    static Optional<String> leaseHolder(KubernetesClient client, String namespace, String name) {
        Lease lease = client.resources(Lease.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        return lease == null || lease.getSpec() == null
                ? Optional.empty()
                : Optional.ofNullable(lease.getSpec().getHolderIdentity());
    }

    /**
     * A kubeconfig for the same API server that authenticates as a ServiceAccount with a token from the TokenRequest
     * API, exactly as a pod's projected token would.
     */
    static Path serviceAccountKubeconfig(
            KubernetesClient admin, String adminKubeconfigYaml, String namespace, String serviceAccount, Path dir) {
        TokenRequest request = admin.serviceAccounts()
                .inNamespace(namespace)
                .withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(3600L)
                        .endSpec()
                        .build());
        String token = request.getStatus().getToken();
        io.fabric8.kubernetes.api.model.Config config =
                Serialization.unmarshal(adminKubeconfigYaml, io.fabric8.kubernetes.api.model.Config.class);
        String user = "system:serviceaccount:" + namespace + ":" + serviceAccount;
        NamedAuthInfo auth = new NamedAuthInfoBuilder()
                .withName(user)
                .withNewUser()
                .withToken(token)
                .endUser()
                .build();
        config.setUsers(List.of(auth));
        config.getContexts().forEach(c -> {
            c.getContext().setUser(user);
            c.getContext().setNamespace(namespace);
        });
        try {
            Path file = dir.resolve(serviceAccount + "-kubeconfig.yaml");
            Files.writeString(file, Serialization.asYaml(config));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
