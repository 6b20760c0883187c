package io.computemirror.market.pricing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.computemirror.account.ProviderRegistry;
import io.computemirror.api.v1alpha1.ComputeProvider;
import io.computemirror.api.v1alpha1.PriceUnit;
import io.computemirror.api.v1alpha1.PricingSettings;
import io.computemirror.kube.Durations;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Builds the {@link OfferPricer} of one poll from a ComputeProvider's pricing block ({@code spec.clore.pricing} or {@code spec.vast.pricing}). The exchange rates
 * are read only when the poll first needs one, once per poll: a GET of the ConfigMap (like the credentials Secret, so
 * an edit is used at the next poll) and the rates endpoint's newest answer from the {@link RatesCache}, which this
 * asks to refresh when the poll starts so the endpoint is read while the provider is listed.
 */
@ApplicationScoped
public class OfferPricing {

    private final RatesCache endpoints;

    public OfferPricing(RatesCache endpoints) {
        this.endpoints = endpoints;
    }

    public OfferPricer forPoll(ComputeProvider cp, KubernetesClient client, Instant now) {
        PricingSettings pricing = ProviderRegistry.pricingOf(cp.getSpec());
        PriceNormaliser.Settings settings = settings(
                pricing,
                ProviderRegistry.listedPriceUnit(cp.getSpec().getType()),
                cp.getSpec().getPollInterval());
        if (pricing.getRatesEndpoint() != null) {
            endpoints.refresh(
                    pricing.getRatesEndpoint(), settings.pollInterval().dividedBy(2));
        }
        Supplier<RateBook> rates = memoized(() -> rates(cp.getMetadata().getNamespace(), pricing, client));
        return (listed, gpus, vram) -> PriceNormaliser.normalise(
                listed, gpus, vram, needsRates(listed, settings) ? rates.get() : RateBook.empty(), settings, now);
    }

    static PriceNormaliser.Settings settings(PricingSettings pricing, PriceUnit listedUnit, String pollInterval) {
        return new PriceNormaliser.Settings(
                Optional.ofNullable(pricing.getUnit()).orElse(listedUnit),
                Optional.ofNullable(pricing.getCurrency()).orElse(PricingSettings.DEFAULT_CURRENCY),
                Durations.parse(
                        Optional.ofNullable(pricing.getMaxRateAge()).orElse(PricingSettings.DEFAULT_MAX_RATE_AGE),
                        Duration.ofHours(24)),
                Durations.parse(pollInterval, Duration.ofSeconds(60)));
    }

    private static boolean needsRates(List<io.computemirror.provider.Price> listed, PriceNormaliser.Settings settings) {
        return listed.stream().anyMatch(p -> !settings.currency()
                .equalsIgnoreCase(String.valueOf(p.currency()).trim()));
    }

    private RateBook rates(String namespace, PricingSettings pricing, KubernetesClient client) {
        List<ExchangeRate> rates = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (pricing.getRatesConfigMapRef() != null) {
            String name = pricing.getRatesConfigMapRef().getName();
            try {
                ConfigMap map = client.configMaps()
                        .inNamespace(namespace)
                        .withName(name)
                        .get();
                if (map == null) {
                    problems.add("ConfigMap " + namespace + "/" + name + " (spec.clore.pricing.ratesConfigMapRef) not "
                            + "found: create it with keys such as BTC-USD");
                } else {
                    ConfigMapRates.Parsed parsed = ConfigMapRates.parse(namespace + "/" + name, map.getData());
                    rates.addAll(parsed.rates());
                    problems.addAll(parsed.problems());
                }
            } catch (KubernetesClientException e) {
                problems.add("ConfigMap " + namespace + "/" + name + " could not be read (HTTP " + e.getCode() + ")");
            }
        }
        if (pricing.getRatesEndpoint() != null) {
            RatesCache.Read read = endpoints.read(pricing.getRatesEndpoint());
            rates.addAll(read.rates());
            if (read.problem() != null) {
                problems.add(read.problem());
            }
        }
        if (pricing.getRatesConfigMapRef() == null && pricing.getRatesEndpoint() == null) {
            problems.add("no exchange rates configured (spec.clore.pricing.ratesConfigMapRef or ratesEndpoint)");
        }
        return new RateBook(rates, problems);
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
