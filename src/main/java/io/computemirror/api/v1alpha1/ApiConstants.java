package io.computemirror.api.v1alpha1;

/** Group, version, labels and names shared by the custom resources and the controllers. */
public final class ApiConstants {

    public static final String GROUP = "computemirror.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String CATEGORY = "computemirror";

    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "compute-mirror";
    /** Name of the ComputeProvider a mirror belongs to. */
    public static final String LABEL_PROVIDER = GROUP + "/provider";
    /** Exact external id, for lookups; ids that are not valid label values go to the annotation only. */
    public static final String ANNOTATION_EXTERNAL_ID = GROUP + "/external-id";

    public static final String LABEL_GPU_MODEL = GROUP + "/gpu-model";
    public static final String LABEL_GPU_COUNT = GROUP + "/gpu-count";
    public static final String LABEL_COUNTRY = GROUP + "/country";
    public static final String LABEL_AVAILABLE = GROUP + "/available";
    /**
     * On a Machine: the provider-side groupings it belongs to, sanitised like every label value, so MachineSchedule
     * selectors can pick them: Akua cluster and compute config, Quiva namespace and service.
     */
    public static final String LABEL_CLUSTER = GROUP + "/cluster";

    public static final String LABEL_COMPUTE_CONFIG = GROUP + "/compute-config";
    public static final String LABEL_NAMESPACE = GROUP + "/namespace";
    public static final String LABEL_SERVICE = GROUP + "/service";
    /** On a Machine: an RFC 3339 time until which no MachineSchedule acts on it. */
    public static final String ANNOTATION_SCHEDULE_SKIP_UNTIL = GROUP + "/schedule-skip-until";

    /** Condition types (see ARCHITECTURE.md §2). */
    public static final String CONDITION_READY = "Ready";

    public static final String CONDITION_SYNCED = "Synced";
    /** kstatus: True while a person must act (refused credential or endpoint); generic tools read it as Failed. */
    public static final String CONDITION_STALLED = "Stalled";

    /** Upper bounds that keep objects small; the CRD schema enforces the same numbers. */
    public static final int MAX_ID = 256;

    public static final int MAX_TEXT = 1024;
    public static final int MAX_MESSAGE = 4096;
    public static final int MAX_CONDITIONS = 16;

    private ApiConstants() {}
}
