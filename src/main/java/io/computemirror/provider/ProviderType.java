package io.computemirror.provider;

/** The outside compute providers compute-mirror can read from (and, for Akua, act on). */
public enum ProviderType {
    QUIVA,
    CLORE,
    AKUA
}
