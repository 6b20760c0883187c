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
        this.account = account;
        this.http = new ProviderHttp(account, ErrorBodies::parse);
        this.base = account.baseUrl();
    }

    @Override
    public final ProviderAccount account() {
        return account;
    }
}
