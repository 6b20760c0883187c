package io.computemirror.api.v1alpha1;

/**
 * The server-side apply field managers of the operator, one a writer, so {@code metadata.managedFields} says who wrote
 * what (the table of owners is in this package's doc comment).
 * <p>
 * The names are those the operator has always written under. A field manager must not be renamed lightly: objects in a
 * cluster keep the old name's entries, and a field that the renamed manager stops sending is then still owned by the
 * old name, so the API server never removes it.
 */
public final class FieldManagers {

    /**
     * The sync: a mirror's identity (metadata labels, the external-id annotation, the owner) and everything of its
     * status the provider reports, with its conditions. Also the client's user agent, so a plain create is recorded
     * under it too.
     */
    public static final String SYNC = "compute-mirror";

    /** The machine actuation: a Machine's {@code status.operation} and {@code status.lastOperation}. */
    public static final String ACTUATION = "compute-mirror-actuation";

    /**
     * The schedules: a MachineSchedule's status, and on a Machine {@code status.desiredSuspended} and
     * {@code desiredSuspendedBy}.
     */
    public static final String SCHEDULE = "compute-mirror-schedule";

    /**
     * A ComputeProvider's status, patched by the operator SDK at the end of a reconcile; the SDK names the field
     * manager after the controller unless told otherwise, and this is that name.
     */
    public static final String PROVIDER_STATUS = "computeprovider";

    /** A GpuOfferQuery's status, patched by the operator SDK like {@link #PROVIDER_STATUS}. */
    public static final String QUERY_STATUS = "gpuofferquery";

    private FieldManagers() {}
}
