package io.computemirror.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Records a Kubernetes Event about an object; {@link KubeEvents} is the one the operator uses. */
@FunctionalInterface
public interface EventRecorder {

    /**
     * @param type {@code Normal} or {@code Warning}
     * @param reason a CamelCase word users filter on ({@code kubectl get events --field-selector reason=...})
     * @param message what happened, without credentials
     */
    void record(HasMetadata object, String type, String reason, String message);
}
