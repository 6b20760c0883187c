package io.computemirror.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.computemirror.testing.ApiServerExtension;
import io.computemirror.testing.CustomResourceRoundTrip;
import io.computemirror.testing.TestApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The test harness itself: a real kube-apiserver of the pinned version accepts our CRDs, SSA and status patches. */
@ExtendWith(ApiServerExtension.class)
class CustomResourceApiIT {

    @Test
    void apiServerIsTheRealOneOfThePinnedVersion(KubernetesClient client) {
        assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v" + TestApiServer.K8S_VERSION);
    }

    @Test
    void customResourceSurvivesServerSideApplyAndStatusPatch(KubernetesClient client) {
        CustomResourceRoundTrip.run(client, "default");
    }
}
