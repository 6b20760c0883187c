package io.computemirror.provider;

/**
 * What every provider client holds: its {@link ProviderAccount}, the account's {@link ProviderHttp} (so its secret
 * boundary, circuit breaker and Retry-After gate) and the base URL the documented paths are appended to.
 */
public abstract class AccountClient implements ProviderClient {

    protected final ProviderAccount account;
    protected final ProviderHttp http;
    protected final String base;

    protected AccountClient(ProviderAccount account) {
        this(account, ErrorBodies::parse);
    }

    /** For a provider whose error bodies {@link ErrorBodies} does not know. */
    protected AccountClient(ProviderAccount account, ProviderHttp.ErrorParser errorParser) {
        this.account = account;
        this.http = new ProviderHttp(account, errorParser);
        this.base = account.baseUrl();
    }

    @Override
    public final ProviderAccount account() {
        return account;
    }
}
