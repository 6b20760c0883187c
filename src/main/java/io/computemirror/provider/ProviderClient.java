package io.computemirror.provider;

/**
 * A client bound to one provider account, built by {@link ProviderKind#client}. It implements the capability
 * interfaces its kind declares: {@link MachineSource}, {@link OfferSource}, {@link OperationLifecycle},
 * {@link LevelLifecycle}.
 */
public interface ProviderClient {

    ProviderAccount account();
}
