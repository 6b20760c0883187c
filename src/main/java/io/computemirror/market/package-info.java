/**
 * GPU market intelligence (issue 16): comparable prices on every GpuOffer ({@code pricing}), the cheapest matching
 * offers as a watchable {@code GpuOfferQuery} ({@code query}), and market metrics. Pure logic (normalising, matching,
 * ranking) is kept apart from what reads the cluster, so it is table-tested without an API server.
 */
package io.computemirror.market;
