package io.computemirror.provider;

/**
 * The settings of one provider account that only its provider reads; each provider package has one record
 * implementing this. Records, so equality decides whether a cached client still fits: a changed setting builds a new
 * client.
 */
public interface ProviderSettings {}
