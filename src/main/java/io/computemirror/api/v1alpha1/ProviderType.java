package io.computemirror.api.v1alpha1;

/** The compute providers compute-mirror can mirror; spelled as users write them in {@code spec.type}. */
public enum ProviderType {
    Quiva, Clore, Akua
}
