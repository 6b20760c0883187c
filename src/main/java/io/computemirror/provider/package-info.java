/**
 * The provider layer: a small SPI the core calls, and one package per provider ({@code quiva}, {@code clore},
 * {@code akua}) that owns its client, wire DTOs, settings record and {@link io.computemirror.provider.ProviderKind}.
 * No Kubernetes resources or clients live here, and nothing here imports the API package: a provider's settings are
 * its own record, read from the CRD outside this layer.
 *
 * <p>The SPI:
 * <ul>
 * <li>{@link io.computemirror.provider.ProviderKind}: one per provider package: its name (as {@code spec.type}
 * spells it), default endpoint, settings type, {@link io.computemirror.provider.Capabilities} and client factory.</li>
 * <li>{@link io.computemirror.provider.ProviderSettings}: the marker of each provider's settings record; records, so
 * an unchanged account compares equal and keeps its client.</li>
 * <li>{@link io.computemirror.provider.ProviderAccount}: key, type, endpoint, credential, settings, resilience.</li>
 * <li>Capability interfaces a client implements as its kind declares:
 * {@link io.computemirror.provider.MachineSource}, {@link io.computemirror.provider.OfferSource},
 * {@link io.computemirror.provider.OperationLifecycle} (a suspend starts an operation to follow) and
 * {@link io.computemirror.provider.LevelLifecycle} (a suspend sets a desired level the machine then reaches).</li>
 * <li>{@link io.computemirror.provider.ProviderClientFactory}: a CDI bean that builds clients, so tests can hand the
 * sync and the actuation a fake provider.</li>
 * </ul>
 *
 * <p>Discovery: CDI, with explicit registration. The one CDI bean {@code io.computemirror.account.ProviderRegistry}
 * lists each kind with the function that reads its settings from the ComputeProvider spec, one line per provider.
 * Chosen over {@code ServiceLoader} because that CRD → settings mapping must live outside this layer anyway and a
 * provider also needs its value in the API's {@code ProviderType} enum; the registry refuses to start when an enum
 * value has no kind.
 *
 * <p>Jobs by class: {@link io.computemirror.provider.ProviderHttp} is the secret boundary (requests, redaction, error
 * mapping); {@link io.computemirror.provider.ProviderGuard} the resilience (retries, circuit breaker);
 * {@link io.computemirror.provider.RetryAfter} everything about {@code Retry-After} (parsing, the per-account gate,
 * backoff, when a controller comes back); {@link io.computemirror.provider.PercentEncoding} the URL encoding.
 *
 * <p>Use: the operator builds a {@link io.computemirror.provider.ProviderAccount} from a ComputeProvider and its
 * Secret and asks the factory for a client once ({@code io.computemirror.account.ProviderAccounts}), keeping it while
 * the account stays equal (its circuit breaker and Retry-After gate live in it). Every failure is a
 * {@link io.computemirror.provider.ProviderException}; {@code isRetryable()} says whether to try again later and
 * {@code retryAfter()} how long the provider asked to wait.
 *
 * <p>Decisions worth knowing:
 * <ul>
 * <li>Quiva API keys: a Secret value starting with {@code ms-} (or a {@code Credential.apiKey(..)}) is exchanged
 * through {@code POST /accounts/auth-with-api-key}; the auth token is refreshed through
 * {@code POST /accounts/refresh-token} 60 s before its JWT {@code exp} and after a 401 (a refused refresh falls
 * back to a new exchange). Any other value is sent as the Bearer token as it is.</li>
 * <li>Clore: pages start at 1, default {@code page_size} 100 (the sandbox's maximum), {@code maxOffers} 10,000;
 * listing stops when {@code total} is reached, a page is short or empty, or {@code maxOffers} is hit. Filter
 * values for memory and storage are sent with a {@code GB} suffix.</li>
 * <li>Akua: {@code limit=100} cursor pages; suspend and resume start operations that are followed with
 * {@code GET /operations/{id}}.</li>
 * <li>Defaults ({@link io.computemirror.provider.ResilienceSettings#defaults()}): connect 5 s, read 20 s (whole
 * response), 2 retries of retryable failures with equal-jitter exponential backoff 200 ms..5 s, a
 * {@code Retry-After} of up to 10 s is waited for inside the call (longer ones are returned to the caller),
 * circuit breaker over the last 10 calls opening at 50% provider failures (5xx, timeouts, connection errors,
 * malformed bodies; not 4xx or 429) for 30 s.</li>
 * <li>Endpoints must be https (http only with {@code allowInsecureEndpoint}), without user-info, and must not resolve
 * to a loopback, link-local or cloud-metadata address ({@code io.computemirror.account.EndpointPolicy}, checked
 * before a client is built).</li>
 * </ul>
 */
package io.computemirror.provider;
