package io.computemirror.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Where correlated Events are written: the API server in the operator, a recording fake in tests. */
interface EventSink {

    /** Creates the Event; returns it as stored. */
    Event create(Event event) throws KubernetesClientException;

    /**
     * Sets the existing Event's count, lastTimestamp and message to the given Event's; returns it as stored. Throws
     * with code 404 when the Event is gone (the API server keeps Events an hour).
     */
    Event patch(Event event) throws KubernetesClientException;
}
