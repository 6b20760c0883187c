package io.computemirror.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HashesTest {

    @Test
    void sha256HexIsTheStandardDigestOfTheUtf8Bytes() {
        // FIPS 180-2 test vector.
        assertThat(Hashes.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Hashes.sha256Hex("ü")).isNotEqualTo(Hashes.sha256Hex("u")).hasSize(64);
    }
}
