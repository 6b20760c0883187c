package io.computemirror.market.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The two rate sources: the ConfigMap format and the endpoint's JSON contract. */
class ExchangeRateSourcesTest {

    @Test
    void configMapKeysArePairsAndValuesRateAndTime() {
        ConfigMapRates.Parsed parsed = ConfigMapRates.parse(
                "team-a/rates",
                Map.of(
                        "BTC-USD", "97000.5 2026-12-02T12:00:00Z",
                        "EUR-USD", "1.08",
                        "ETH-USD", "3000 yesterday",
                        "README", "rates from our treasury, updated hourly"));
        assertThat(parsed.rates()).singleElement().satisfies(r -> {
            assertThat(r.from()).isEqualTo("BTC");
            assertThat(r.to()).isEqualTo("USD");
            assertThat(r.rate()).isEqualByComparingTo("97000.5");
            assertThat(r.time()).isEqualTo(Instant.parse("2026-12-02T12:00:00Z"));
            assertThat(r.source()).isEqualTo("ConfigMap team-a/rates key BTC-USD");
        });
        assertThat(parsed.problems())
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("key EUR-USD").contains("'<rate> <RFC 3339 time>'"))
                .anySatisfy(p -> assertThat(p).contains("key ETH-USD").contains("RFC 3339"));
    }

    @Test
    void endpointJsonTakesStringsAndNumbersExactly() throws IOException {
        var rates = RatesEndpoint.parse(
                """
                {"rates":[{"from":"BTC","to":"USD","rate":"97000.123456789012345","time":"2026-12-02T12:00:00Z"},
                          {"from":"EUR","to":"USD","rate":1.0834567890123,"time":"2026-12-02T11:00:00Z"}]}""",
                "endpoint http://x/rates");
        assertThat(rates).hasSize(2);
        assertThat(rates.get(0).rate().toPlainString()).isEqualTo("97000.123456789012345");
        assertThat(rates.get(1).rate().toPlainString()).isEqualTo("1.0834567890123");
        assertThat(rates.get(1).source()).isEqualTo("endpoint http://x/rates (EUR-USD)");
    }

    @Test
    void endpointJsonOffContractIsRefusedSayingWhat() {
        assertThatThrownBy(() -> RatesEndpoint.parse("{\"data\":[]}", "e")).hasMessageContaining("\"rates\" array");
        assertThatThrownBy(() -> RatesEndpoint.parse(
                        "{\"rates\":[{\"from\":\"BTC\",\"to\":\"USD\",\"rate\":\"x\","
                                + "\"time\":\"2026-12-02T12:00:00Z\"}]}",
                        "e"))
                .hasMessageContaining("BTC-USD");
        assertThatThrownBy(() -> RatesEndpoint.parse(
                        "{\"rates\":[{\"from\":\"btc\",\"to\":\"USD\",\"rate\":\"1\","
                                + "\"time\":\"2026-12-02T12:00:00Z\"}]}",
                        "e"))
                .hasMessageContaining("currency codes");
    }
}
