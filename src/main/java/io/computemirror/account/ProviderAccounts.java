package io.computemirror.account;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.SecretKeyRef;
import io.computemirror.config.OperatorConfig;
import io.computemirror.provider.ProviderAccount;
import io.computemirror.provider.ProviderClient;
import io.computemirror.provider.ProviderClientFactory;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a ComputeProvider into a working {@link ProviderClient}, shared by the sync and the actuation: checks the
 * endpoint policy, reads the credentials Secret (a GET each time, so a changed Secret takes effect at once), and
 * keeps one client per ComputeProvider while its {@link ProviderAccount} stays the same, because the circuit breaker
 * and the Retry-After gate live in the client. The sync calls {@link #forget} when the ComputeProvider is deleted.
 */
@ApplicationScoped
public class ProviderAccounts {

    /** Either a usable client, or the reason the account cannot be used, phrased for a Ready=False condition. */
    public sealed interface Resolution {}

    public record Usable(ProviderAccount account, ProviderClient client) implements Resolution {}

    /**
     * @param reason condition reason (EndpointRefused, CredentialsSecretNotFound, CredentialsKeyMissing)
     * @param message names the object, the field and the fix; never contains a credential
     */
    public record Unusable(String reason, String message) implements Resolution {}

    private final boolean allowInsecureEndpoints;
    /** The client of each ComputeProvider, by {@link #key}. */
    private final Map<String, Usable> clients = new ConcurrentHashMap<>();

    private final ProviderRegistry registry;
    private final ProviderClientFactory factory;
    private final ProviderRequestMetrics requestMetrics;

    public ProviderAccounts(
            OperatorConfig config,
            ProviderRegistry registry,
            ProviderClientFactory factory,
            ProviderRequestMetrics requestMetrics) {
        this.allowInsecureEndpoints = config.allowInsecureEndpoints();
        this.registry = registry;
        this.factory = factory;
        this.requestMetrics = requestMetrics;
    }

    /** The endpoint a ComputeProvider polls: spec.endpoint, or the provider's documented default. */
    public static String endpoint(ComputeProvider cp) {
        return AccountMapper.endpoint(cp);
    }

    /** The account key of a ComputeProvider, {@code namespace/name}: the name of its client, breaker and logs. */
    public static String key(ComputeProvider cp) {
        return key(cp.getMetadata().getNamespace(), cp.getMetadata().getName());
    }

    public Resolution resolve(ComputeProvider cp, KubernetesClient kubernetes) {
        String namespace = cp.getMetadata().getNamespace();
        String endpoint = endpoint(cp);
        Optional<String> refusal = new EndpointPolicy(allowInsecureEndpoints).refusal(endpoint);
        if (refusal.isPresent()) {
            return new Unusable("EndpointRefused", "spec.endpoint refused: " + refusal.get());
        }
        SecretKeyRef ref = cp.getSpec().getCredentialsSecretRef();
        Secret secret = kubernetes
                .secrets()
                .inNamespace(namespace)
                .withName(ref.getName())
                .get();
        if (secret == null) {
            return new Unusable(
                    "CredentialsSecretNotFound",
                    "Secret " + namespace + "/" + ref.getName()
                            + " (spec.credentialsSecretRef.name) not found: create it with key '" + ref.getKey()
                            + "' holding the " + cp.getSpec().getType() + " credential");
        }
        String credential = secretValue(secret, ref.getKey());
        if (credential == null || credential.isBlank()) {
            return new Unusable(
                    "CredentialsKeyMissing",
                    "Secret " + namespace + "/" + ref.getName() + " has no non-empty key '" + ref.getKey()
                            + "' (spec.credentialsSecretRef.key): add it or change the key");
        }
        // Observed here, where the account is resolved, so every client of it (whichever factory builds it) counts
        // its requests; the observer is one bean, so a cached account still equals a freshly resolved one.
        ProviderAccount account = AccountMapper.account(cp, credential.strip(), allowInsecureEndpoints, registry)
                .observedBy(requestMetrics);
        return clients.compute(
                key(cp),
                (key, cached) -> cached != null && cached.account().equals(account)
                        ? cached
                        : new Usable(account, clientFor(account, factory)));
    }

    /**
     * The client for an account whose endpoint the {@link EndpointPolicy} allows; the last check before a credential
     * could be sent anywhere.
     *
     * @throws IllegalArgumentException naming the account and the reason when the endpoint is refused
     */
    public static ProviderClient clientFor(ProviderAccount account, ProviderClientFactory factory) {
        new EndpointPolicy(account.allowInsecureEndpoint())
                .refusal(account.endpoint().toString())
                .ifPresent(reason -> {
                    throw new IllegalArgumentException("provider account " + account.key() + ": " + reason);
                });
        return factory.client(account);
    }

    /** Drops the cached client and the request metrics of a deleted ComputeProvider. */
    public void forget(String namespace, String name) {
        clients.remove(key(namespace, name));
        requestMetrics.forget(namespace, name);
    }

    /** How many clients are cached (one per ComputeProvider resolved and not deleted since). */
    public int size() {
        return clients.size();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static String secretValue(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(key);
    }
}
