package io.computemirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class MirrorNamesTest {

    private static final String DNS_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    @Test
    void validIdsKeepReadableNamesWithoutAHash() {
        assertThat(MirrorNames.name("clore", "4711")).isEqualTo("clore-4711");
        assertThat(MirrorNames.name("akua", "mch-01")).isEqualTo("akua-mch-01");
    }

    @Test
    void idsDifferingOnlyInCaseGetDifferentDeterministicNames() {
        String upper = MirrorNames.name("quiva", "QVzJ6dGqpS6bsaY0qdZLtC");
        String lower = MirrorNames.name("quiva", "QVzJ6dGqpS6bsaY0qdZLtc");
        assertThat(upper).isNotEqualTo(lower).startsWith("quiva-qvzj6dgqps6bsay0qdzltc-");
        assertThat(MirrorNames.name("quiva", "QVzJ6dGqpS6bsaY0qdZLtC")).isEqualTo(upper);
    }

    @Test
    void everyNameIsAValidDnsSubdomainEvenForHostileIds() {
        String longId = "x".repeat(400);
        for (String id : List.of("mch_01", "A/B:C", "___", "ÄÖÜ", "-lead-", longId, "a..b", "UPPER")) {
            String name = MirrorNames.name("provider", id);
            assertThat(name).matches(DNS_SUBDOMAIN).hasSizeLessThanOrEqualTo(MirrorNames.MAX_LENGTH);
        }
        assertThat(MirrorNames.name("provider", "mch_01")).isNotEqualTo(MirrorNames.name("provider", "mch-01"));
        assertThat(MirrorNames.name("provider", longId)).isNotEqualTo(MirrorNames.name("provider", longId + "y"));
    }
}
