package io.computemirror.api.v1alpha1;

/** The compute providers compute-mirror can mirror; spelled as users write them in {@code spec.type}. */
public enum ProviderType {
    Quiva("https://api.quiva.ai"),
    Clore("https://api.hiveon.ai"),
    Akua("https://api.akua.dev/v1");

    private final String defaultEndpoint;

    ProviderType(String defaultEndpoint) {
        this.defaultEndpoint = defaultEndpoint;
    }

    /** The provider's public API base URL as its documentation writes it (used when spec.endpoint is absent). */
    public String defaultEndpoint() {
        return defaultEndpoint;
    }

    /** Whether machines of this provider can be suspended and resumed through the provider's API. */
    public boolean supportsSuspend() {
        return this == Akua;
    }
}
