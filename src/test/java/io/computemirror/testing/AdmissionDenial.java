package io.computemirror.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.computemirror.api.v1alpha1.Machine;
import io.computemirror.api.v1alpha1.MachineStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * A ValidatingAdmissionPolicy that makes the real API server refuse a write, for tests of what the operator does when
 * a write fails at the worst moment. Lifted with {@link #lift()}.
 */
public final class AdmissionDenial {

    private final KubernetesClient client;
    private final String name;

    private AdmissionDenial(KubernetesClient client, String name) {
        this.client = client;
        this.name = name;
    }

    /**
     * Refuses every Machine status write in {@code namespace} that records {@code status.operation}: the write the
     * actuation makes right after its POST to the provider. Returns once the API server enforces it (the namespace
     * must hold a Machine, used for a dry-run probe).
     */
    public static AdmissionDenial ofOperationRecords(KubernetesClient client, String namespace) {
        String name = "deny-operation-records-" + namespace;
        client.resource(
                        """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata:
                  name: %1$s
                spec:
                  failurePolicy: Fail
                  matchConstraints:
                    resourceRules:
                    - apiGroups: ["computemirror.io"]
                      apiVersions: ["v1alpha1"]
                      operations: ["CREATE", "UPDATE"]
                      resources: ["machines/status"]
                  validations:
                  - expression: "!has(object.status) || !has(object.status.operation)"
                    message: "test: recording status.operation is refused, as if the operator had died after its POST"
                """
                                .formatted(name))
                .serverSideApply();
        client.resource(
                        """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata:
                  name: %1$s
                spec:
                  policyName: %1$s
                  validationActions: ["Deny"]
                  matchResources:
                    namespaceSelector:
                      matchLabels:
                        kubernetes.io/metadata.name: %2$s
                """
                                .formatted(name, namespace))
                .serverSideApply();
        AdmissionDenial denial = new AdmissionDenial(client, name);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> denial.refusesProbe(namespace));
        return denial;
    }

    /** A dry-run write of status.operation on a Machine of the namespace: refused once the policy is active. */
    private boolean refusesProbe(String namespace) {
        Machine existing = client.resources(Machine.class)
                .inNamespace(namespace)
                .list()
                .getItems()
                .get(0);
        Machine probe = new Machine();
        probe.setMetadata(new ObjectMetaBuilder()
                .withName(existing.getMetadata().getName())
                .withNamespace(namespace)
                .build());
        probe.setSpec(null);
        MachineStatus status = new MachineStatus();
        status.setConditions(null);
        status.setOperation(new MachineStatus.MachineOperation());
        status.getOperation().setId("op_admission_probe");
        probe.setStatus(status);
        try {
            client.resource(probe)
                    .dryRun()
                    .subresource("status")
                    .patch(new PatchContext.Builder()
                            .withPatchType(PatchType.SERVER_SIDE_APPLY)
                            .withFieldManager("admission-probe")
                            .withForce(true)
                            .build());
            return false;
        } catch (KubernetesClientException e) {
            return e.getMessage().contains("test: recording status.operation is refused");
        }
    }

    public void lift() {
        client.resource(
                        """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata:
                  name: %1$s
                """
                                .formatted(name))
                .delete();
        client.resource(
                        """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata:
                  name: %1$s
                """
                                .formatted(name))
                .delete();
    }
}
