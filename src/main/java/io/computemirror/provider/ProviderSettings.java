package io.computemirror.provider;

/**
 * The settings of one provider account that only its provider understands. Each provider package has one record
 * implementing it; records, so equal settings compare equal and the cached client of an unchanged account is kept
 * (a changed setting builds a new client).
 */
public interface ProviderSettings {}
