package io.computemirror.provider.vast;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import io.computemirror.provider.ProviderSettings;

/**
 * What a Vast account mirrors and how its offers are searched.
 *
 * @param listings which listings to mirror; empty means both
 * @param filter the offer search, sent in the body of {@code POST /api/v0/bundles/}
 * @param allocatedStorageGb the disk size Vast prices into {@code dph_total} ({@code allocated_storage}); Vast's
 *        tools default to 5 GB
 * @param limit the most offers mirrored; the search asks for one more to see whether the market holds more
 */
public record VastSettings(Set<Listings> listings, OfferFilter filter, BigDecimal allocatedStorageGb, int limit)
        implements ProviderSettings {

    /** Vast's CLI and SDK price searches with 5 GB of disk. */
    public static final BigDecimal DEFAULT_ALLOCATED_STORAGE_GB = new BigDecimal("5");
    /** Above the whole verified market in Vast's own recorded search (1396 offers), small enough for one response. */
    public static final int DEFAULT_LIMIT = 2000;
    /** One response holds every offer; this bounds its size (about 2 KB of JSON per offer). */
    public static final int MAX_LIMIT = 10_000;

    /** The listings an account can mirror. */
    public enum Listings {
        /** Marketplace offers ({@code POST /api/v0/bundles/}) as GpuOffers. */
        Offers,
        /** The account's own instances ({@code GET /api/v1/instances/}) as Machines. */
        Instances
    }

    /** How offers are priced and rented. */
    public enum Rental {
        /** Fixed price ({@code "type": "on-demand"}). */
        OnDemand,
        /** Interruptible, priced from the lowest bid ({@code "type": "bid"}). */
        Interruptible
    }

    /**
     * The offer search. Null or empty fields do not filter.
     *
     * @param gpuNames GPU models as Vast spells them, with spaces ({@code RTX 4090}); underscores are read as spaces,
     *        as Vast's CLI does
     * @param minGpus the fewest GPUs per offer
     * @param minVramGib the least memory per GPU in GiB, compared as the mirror shows it (rounded to a whole GiB)
     * @param countries two-letter country codes
     * @param verifiedOnly only hosts Vast verified (default true, as Vast's tools search)
     * @param datacenterOnly only datacenter hosts
     * @param rental on-demand (default) or interruptible pricing
     */
    public record OfferFilter(
            List<String> gpuNames,
            Integer minGpus,
            Integer minVramGib,
            List<String> countries,
            Boolean verifiedOnly,
            boolean datacenterOnly,
            Rental rental) {

        public OfferFilter {
            gpuNames = gpuNames == null
                    ? List.of()
                    : gpuNames.stream()
                            .filter(Objects::nonNull)
                            .map(n -> n.replace('_', ' ').trim())
                            .filter(n -> !n.isEmpty())
                            .toList();
            countries = countries == null
                    ? List.of()
                    : countries.stream()
                            .filter(Objects::nonNull)
                            .map(c -> c.trim().toUpperCase(Locale.ROOT))
                            .filter(c -> !c.isEmpty())
                            .toList();
            verifiedOnly = verifiedOnly == null ? Boolean.TRUE : verifiedOnly;
            rental = rental == null ? Rental.OnDemand : rental;
            if (minGpus != null && minGpus < 1) {
                throw new IllegalArgumentException("minGpus must be >= 1, got " + minGpus);
            }
            if (minVramGib != null && minVramGib < 1) {
                throw new IllegalArgumentException("minVramGib must be >= 1, got " + minVramGib);
            }
            for (String c : countries) {
                if (!c.matches("[A-Z]{2}")) {
                    throw new IllegalArgumentException("countries are two-letter codes such as US, got " + c);
                }
            }
        }

        /** Every verified on-demand offer. */
        public static OfferFilter any() {
            return new OfferFilter(null, null, null, null, null, false, null);
        }
    }

    public VastSettings {
        listings = listings == null || listings.isEmpty()
                ? Set.copyOf(EnumSet.allOf(Listings.class))
                : Set.copyOf(listings);
        filter = filter == null ? OfferFilter.any() : filter;
        allocatedStorageGb = allocatedStorageGb == null ? DEFAULT_ALLOCATED_STORAGE_GB : allocatedStorageGb;
        if (allocatedStorageGb.signum() <= 0) {
            throw new IllegalArgumentException("allocatedStorageGb must be positive, got " + allocatedStorageGb);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT + ", got " + limit);
        }
    }

    /** Both listings, every verified on-demand offer, 5 GB of storage, {@value #DEFAULT_LIMIT} offers. */
    public static VastSettings defaults() {
        return new VastSettings(null, null, null, DEFAULT_LIMIT);
    }

    public boolean mirrorsOffers() {
        return listings.contains(Listings.Offers);
    }

    public boolean mirrorsInstances() {
        return listings.contains(Listings.Instances);
    }
}
