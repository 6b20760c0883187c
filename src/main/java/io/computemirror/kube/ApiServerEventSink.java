package io.computemirror.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Writes core/v1 Events to the API server: a create, or a merge patch of the three fields a repeat changes. */
final class ApiServerEventSink implements EventSink {

    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private final KubernetesClient client;

    ApiServerEventSink(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Event create(Event event) {
        return client.v1()
                .events()
                .inNamespace(event.getMetadata().getNamespace())
                .resource(event)
                .create();
    }

    @Override
    public Event patch(Event event) {
        ObjectNode patch = Serialization.jsonMapper().createObjectNode();
        patch.put("count", event.getCount());
        patch.put("lastTimestamp", event.getLastTimestamp());
        patch.put("message", event.getMessage());
        // Through resource(event), not withName(name): given only a name, Fabric8 reads the Event before patching
        // it, which needs get on Events, a verb the chart does not grant (client-go's recorder only creates and
        // patches).
        return client.v1()
                .events()
                .inNamespace(event.getMetadata().getNamespace())
                .resource(event)
                .patch(MERGE, patch.toString());
    }
}
