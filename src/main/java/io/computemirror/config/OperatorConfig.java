package io.computemirror.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Operator-wide settings ({@code computemirror.*} in application.properties, or COMPUTEMIRROR_* environment variables). */
@ConfigMapping(prefix = "computemirror")
public interface OperatorConfig {

    /**
     * Allow http endpoints and endpoints that resolve to loopback, link-local or cloud metadata addresses.
     * Only for the sandbox, tests and local work (env COMPUTEMIRROR_ALLOW_INSECURE_ENDPOINTS=true).
     */
    @WithDefault("false")
    boolean allowInsecureEndpoints();

    /**
     * How many writes to the Kubernetes API the sync makes at once (per operator, across accounts). Each mirror's
     * own writes stay in order.
     */
    @WithDefault("16")
    int writeConcurrency();
}
