/**
 * Account resolution: from a ComputeProvider to a client that may call the provider. The Secret read, the endpoint
 * policy, the mapping to the provider layer's settings and the per-ComputeProvider client cache (and its eviction)
 * live here, so both controllers resolve accounts the same way.
 *
 * <p>Glossary (one name per concept, used across the code):
 * <dl>
 * <dt>ComputeProvider</dt>
 * <dd>the Kubernetes resource a user writes: one account at one provider, its endpoint, Secret reference and
 * polling settings ({@code io.computemirror.api.v1alpha1.ComputeProvider}).</dd>
 * <dt>account key</dt>
 * <dd>{@code namespace/name} of the ComputeProvider ({@link io.computemirror.account.ProviderAccounts#key}); the key of
 * every per-ComputeProvider entry the operator keeps in memory, and the name in logs and circuit breakers.</dd>
 * <dt>ProviderAccount</dt>
 * <dd>the resolved settings of one ComputeProvider with its credential, as the provider layer sees them
 * ({@link io.computemirror.provider.ProviderAccount}); no Kubernetes types.</dd>
 * <dt>ProviderClient</dt>
 * <dd>the client bound to one ProviderAccount ({@link io.computemirror.provider.ProviderClient}); it owns the
 * account's circuit breaker and Retry-After gate, so it is kept while the ProviderAccount stays equal.</dd>
 * <dt>ProviderAccounts</dt>
 * <dd>this package's resolver and client cache ({@link io.computemirror.account.ProviderAccounts}).</dd>
 * </dl>
 * The word "account" alone means the provider-side account a ComputeProvider stands for; code names the object it
 * holds by one of the names above.
 */
package io.computemirror.account;
