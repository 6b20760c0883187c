/**
 * The provider layer: provider-neutral observations ({@link io.computemirror.provider.MachineObservation},
 * {@link io.computemirror.provider.OfferObservation}, {@link io.computemirror.provider.OperationObservation}), the
 * interfaces the sync and actuation code call ({@link io.computemirror.provider.MachineSource},
 * {@link io.computemirror.provider.OfferSource}, {@link io.computemirror.provider.MachineLifecycle}) and one client
 * per provider in {@code quiva}, {@code clore} and {@code akua}. No Kubernetes resources or clients live here; the
 * API's value types ({@link io.computemirror.api.v1alpha1.ProviderType}, the filter classes of
 * {@link io.computemirror.api.v1alpha1.ComputeProviderSpec}) are used as they are, so each is defined once.
 *
 * <p>Jobs by class: {@link io.computemirror.provider.ProviderHttp} is the secret boundary (requests, redaction, error
 * mapping); {@link io.computemirror.provider.ProviderGuard} the resilience (retries, circuit breaker);
 * {@link io.computemirror.provider.RetryAfter} everything about {@code Retry-After} (parsing, the per-account gate,
 * backoff, when a controller comes back); {@link io.computemirror.provider.PercentEncoding} the URL encoding.
 *
 * <p>Use: build a {@link io.computemirror.provider.ProviderAccount} from a ComputeProvider and its Secret, call
 * {@link io.computemirror.provider.ProviderClients#forAccount} once, and keep the client while the account's
 * settings stay the same (its circuit breaker and Retry-After gate live in it). Every failure is a
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
 * <li>Akua: {@code limit=100} cursor pages; {@code :wait} asks for at most 60 s and its read timeout is the
 * account read timeout plus the wait.</li>
 * <li>Defaults ({@link io.computemirror.provider.ResilienceSettings#defaults()}): connect 5 s, read 20 s (whole
 * response), 2 retries of retryable failures with equal-jitter exponential backoff 200 ms..5 s, a
 * {@code Retry-After} of up to 10 s is waited for inside the call (longer ones are returned to the caller),
 * circuit breaker over the last 10 calls opening at 50% provider failures (5xx, timeouts, connection errors,
 * malformed bodies; not 4xx or 429) for 30 s.</li>
 * <li>Endpoints must be https (http only with {@code allowInsecureEndpoint}), without user-info, and must not resolve
 * to a loopback,
 * link-local or cloud-metadata address ({@code io.computemirror.account.EndpointPolicy}, checked before a client is
 * built).</li>
 * </ul>
 */
package io.computemirror.provider;
