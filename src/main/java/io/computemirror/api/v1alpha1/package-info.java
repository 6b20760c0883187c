/**
 * The custom resources of {@code computemirror.io/v1alpha1}: ComputeProvider, GpuOffer, Machine, GpuOfferQuery and
 * MachineSchedule. Every status shares {@link io.computemirror.api.v1alpha1.ObservedStatus} ({@code observedGeneration}
 * and {@code conditions}); the two mirrored kinds add {@link io.computemirror.api.v1alpha1.MirrorStatus}
 * ({@code goneSince}).
 *
 * <h2>Who writes each status field</h2>
 * Each top-level status field has exactly one writer class, and each writer applies its fields by server-side apply
 * under its own field manager ({@link io.computemirror.api.v1alpha1.FieldManagers}), so {@code metadata.managedFields}
 * names the owner of every field. A writer sends all the fields it owns in every apply: a field it leaves out is
 * removed, because nobody else owns it.
 * <table>
 * <caption>Status field owners</caption>
 * <tr><th>Kind</th><th>Status fields</th><th>Writer class</th><th>Field manager</th></tr>
 * <tr><td>Machine</td><td>{@code phase}, {@code providerState}, {@code providerType}, {@code name},
 * {@code providerId}, {@code addresses}, {@code runtime}, {@code runtimeVersion}, {@code memory}, {@code node},
 * {@code clusterId}, {@code createdAt}, {@code updatedAt}, {@code suspension}, {@code goneSince},
 * {@code observedGeneration}, {@code conditions}</td><td>{@code sync.MirrorWriter} (planned by
 * {@code sync.SyncPlan}: at each poll, and through {@code sync.MachineStatusRefresher} when the actuation or a
 * schedule changed something)</td><td>{@value io.computemirror.api.v1alpha1.FieldManagers#SYNC}</td></tr>
 * <tr><td>Machine</td><td>{@code operation}, {@code lastOperation}</td><td>{@code actuation.ActuationStatus}</td>
 * <td>{@value io.computemirror.api.v1alpha1.FieldManagers#ACTUATION}</td></tr>
 * <tr><td>Machine</td><td>{@code desiredSuspended}, {@code desiredSuspendedBy}</td>
 * <td>{@code schedule.ScheduleDecisions}</td><td>{@value io.computemirror.api.v1alpha1.FieldManagers#SCHEDULE}</td>
 * </tr>
 * <tr><td>GpuOffer</td><td>all</td><td>{@code sync.MirrorWriter}</td>
 * <td>{@value io.computemirror.api.v1alpha1.FieldManagers#SYNC}</td></tr>
 * <tr><td>ComputeProvider</td><td>all</td><td>{@code sync.ComputeProviderReconciler} (built by
 * {@code sync.ProviderStatus}, applied by the operator SDK's status patch)</td>
 * <td>{@value io.computemirror.api.v1alpha1.FieldManagers#PROVIDER_STATUS}</td></tr>
 * <tr><td>GpuOfferQuery</td><td>all</td><td>{@code market.query.GpuOfferQueryReconciler} (the operator SDK's status
 * patch)</td><td>{@value io.computemirror.api.v1alpha1.FieldManagers#QUERY_STATUS}</td></tr>
 * <tr><td>MachineSchedule</td><td>all</td><td>{@code schedule.MachineScheduleReconciler}</td>
 * <td>{@value io.computemirror.api.v1alpha1.FieldManagers#SCHEDULE}</td></tr>
 * </table>
 * <p>
 * A Machine's {@code conditions} have one writer although two controllers decide them: the sync decides
 * {@code Synced} and {@code Ready}, the actuation {@code Reconciling} and {@code Stalled}
 * ({@code actuation.ActuationConditions}) and hands them to the sync's writer through
 * {@code MachineStatusRefresher}, which writes them with the sync's own fields. The list stays atomic in the CRD (no
 * {@code x-kubernetes-list-type: map}): per-condition ownership would need a schema change and would still show two
 * managers on {@code conditions}, while with one writer {@code managedFields} says plainly who wrote the list. The
 * price is that the actuation's conditions follow its operation fields one write later instead of in the same write.
 * <p>
 * Every status apply goes through {@code kube.StatusApply}, with {@code force}: each writer is the only one that sends
 * its fields, so a conflict can only come from a person or a tool that changed one of them, and the operator's view
 * wins.
 */
package io.computemirror.api.v1alpha1;
