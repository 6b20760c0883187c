package io.computemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.computemirror.api.v1alpha1.ComputeProvider;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

class ProviderDeletionTest {

    private static final Function<ResourceID, Optional<ComputeProvider>> NOT_SEEN = id -> Optional.empty();

    private final AtomicInteger serverReads = new AtomicInteger();

    @Test
    void anObjectTheInformerHoldsIsNotDeletedAndTheServerIsNotAsked() {
        ComputeProvider cp = provider("uid-1");
        assertThat(new ProviderDeletion(id -> Optional.of(cp), counted(c -> null)).deleted(cp))
                .isFalse();
        assertThat(serverReads).hasValue(0);
    }

    @Test
    void anObjectTheInformerHasNotSeenYetIsNotDeletedWhileTheServerHasIt() {
        // The race that dropped a first poll's status: the controller's watch saw the create before this informer's.
        ComputeProvider cp = provider("uid-1");
        assertThat(new ProviderDeletion(NOT_SEEN, counted(c -> provider("uid-1"))).deleted(cp))
                .isFalse();
        assertThat(serverReads).hasValue(1);
    }

    @Test
    void anObjectNeitherHoldsIsDeleted() {
        assertThat(new ProviderDeletion(NOT_SEEN, counted(c -> null)).deleted(provider("uid-1")))
                .isTrue();
    }

    @Test
    void anObjectRecreatedUnderTheSameNameIsAnotherObject() {
        assertThat(new ProviderDeletion(NOT_SEEN, counted(c -> provider("uid-2"))).deleted(provider("uid-1")))
                .isTrue();
    }

    @Test
    void anUnreachableServerKeepsThePollsResult() {
        assertThat(new ProviderDeletion(NOT_SEEN, counted(c -> {
                            throw new KubernetesClientException("connection refused");
                        }))
                        .deleted(provider("uid-1")))
                .isFalse();
    }

    private Function<ComputeProvider, ComputeProvider> counted(Function<ComputeProvider, ComputeProvider> server) {
        return cp -> {
            serverReads.incrementAndGet();
            return server.apply(cp);
        };
    }

    private static ComputeProvider provider(String uid) {
        ComputeProvider cp = new ComputeProvider();
        cp.setMetadata(new ObjectMetaBuilder()
                .withNamespace("team")
                .withName("clore")
                .withUid(uid)
                .build());
        return cp;
    }
}
