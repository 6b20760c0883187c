package io.computemirror.provider.vast;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.computemirror.provider.GpuInfo;
import io.computemirror.provider.OfferObservation;
import io.computemirror.provider.Price;
import io.computemirror.provider.ProviderJson;

/** Reads Vast's JSON into the DTOs and maps offers to observations; pure functions, no requests. */
final class VastMapping {

    private static final BigDecimal MIB_PER_GIB = BigDecimal.valueOf(1024);

    private VastMapping() {}

    static VastDtos.OfferList readOffers(String body) throws IOException {
        VastDtos.OfferList list = ProviderJson.MAPPER.readValue(body, VastDtos.OfferList.class);
        if (list == null || list.offers() == null) {
            throw new IOException("expected an object with an \"offers\" array");
        }
        return list;
    }

    static VastDtos.InstancePage readInstancePage(String body) throws IOException {
        VastDtos.InstancePage page = ProviderJson.MAPPER.readValue(body, VastDtos.InstancePage.class);
        if (page == null || page.instances() == null) {
            throw new IOException("expected an object with an \"instances\" array");
        }
        return page;
    }

    /** The shown instance, or null for {@code {"instances": null}}; a one-element list is accepted too. */
    static VastDtos.Instance readShow(String body, String id) throws IOException {
        VastDtos.InstanceShow show = ProviderJson.MAPPER.readValue(body, VastDtos.InstanceShow.class);
        if (show == null) {
            throw new IOException("expected an object with an \"instances\" field");
        }
        JsonNode node = show.instances();
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.path("id").asText().equals(id)) {
                    return ProviderJson.MAPPER.treeToValue(element, VastDtos.Instance.class);
                }
            }
            return null;
        }
        if (!node.isObject()) {
            throw new IOException("expected \"instances\" to be an object");
        }
        return ProviderJson.MAPPER.treeToValue(node, VastDtos.Instance.class);
    }

    static VastDtos.ChangeResult readChange(String body) throws IOException {
        if (body.isBlank()) {
            return new VastDtos.ChangeResult(null, null, null);
        }
        VastDtos.ChangeResult result = ProviderJson.MAPPER.readValue(body, VastDtos.ChangeResult.class);
        return result == null ? new VastDtos.ChangeResult(null, null, null) : result;
    }

    /** Maps one offer; the price is {@code dph_total}, exact as sent. */
    static OfferObservation toObservation(VastDtos.Offer o, boolean interruptible) {
        String id = Long.toString(o.id());
        int count = o.numGpus() == null ? 0 : Math.max(0, o.numGpus());
        Integer perGpuMib =
                o.gpuRam() != null ? o.gpuRam() : o.gpuTotalRam() != null && count > 0 ? o.gpuTotalRam() / count : null;
        BigDecimal perGpuGib = roundedGib(perGpuMib);
        List<GpuInfo> gpus = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            gpus.add(new GpuInfo(null, o.gpuName(), perGpuGib, null, null, null));
        }
        List<Price> prices =
                o.dphTotal() == null ? List.of() : List.of(new Price(null, o.dphTotal(), VastClient.CURRENCY));
        boolean rentable = !Boolean.FALSE.equals(o.rentable());
        Boolean datacenter =
                o.datacenter() != null ? o.datacenter() : o.hostingType() == null ? null : o.hostingType() >= 1;
        OfferObservation.VastOfferFacts facts = new OfferObservation.VastOfferFacts(
                o.machineId() == null ? null : Long.toString(o.machineId()),
                o.hostId() == null ? null : Long.toString(o.hostId()),
                perGpuMib,
                exactGib(o.cpuRam()),
                o.dphBase(),
                o.storageCost(),
                o.minBid(),
                interruptible,
                o.computeCap(),
                o.driverVersion(),
                o.inetUp(),
                epoch(o.endDate()),
                VastLocations.region(o.geolocation()));
        return new OfferObservation(
                id,
                rentable,
                o.rentable() == null ? null : rentable ? "rentable" : "unrentable",
                gpus,
                o.cpuName(),
                o.cpuArch(),
                null,
                o.cpuCoresEffective() == null ? null : o.cpuCoresEffective().intValue(),
                null,
                null,
                offerRamGib(o),
                null,
                o.diskSpace(),
                null,
                o.diskName(),
                o.inetDown(),
                VastLocations.country(o.geolocation()),
                null,
                o.cudaMaxGood() == null ? null : o.cudaMaxGood().toPlainString(),
                prices,
                o.reliability() != null ? o.reliability() : o.reliability2(),
                o.verification(),
                datacenter,
                facts);
    }

    /** MiB to whole GiB, half up: how the cards are sold and how Clore lists them (24564 MiB is a 24 GB card). */
    static BigDecimal roundedGib(Integer mib) {
        return mib == null ? null : BigDecimal.valueOf(mib).divide(MIB_PER_GIB, 0, RoundingMode.HALF_UP);
    }

    /** MiB to GiB, exact (dividing by 1024 always terminates), trailing zeros removed. */
    static BigDecimal exactGib(Integer mib) {
        return mib == null
                ? null
                : plain(BigDecimal.valueOf(mib).divide(MIB_PER_GIB).stripTrailingZeros());
    }

    /**
     * The offer's share of the machine's memory: {@code cpu_ram} is the machine's, and an offer gets the share of its
     * effective cores (as gpuhunt reads it), to two places; the whole machine's memory when the cores are missing.
     */
    static BigDecimal offerRamGib(VastDtos.Offer o) {
        BigDecimal machine = exactGib(o.cpuRam());
        if (machine == null) {
            return null;
        }
        if (o.cpuCores() == null
                || o.cpuCores() <= 0
                || o.cpuCoresEffective() == null
                || o.cpuCoresEffective().signum() <= 0) {
            return machine.setScale(2, RoundingMode.HALF_UP);
        }
        BigDecimal share = o.cpuCoresEffective().min(BigDecimal.valueOf(o.cpuCores()));
        return machine.multiply(share).divide(BigDecimal.valueOf(o.cpuCores()), 2, RoundingMode.HALF_UP);
    }

    /** Epoch seconds with a fraction (Vast sends floats) to an Instant; null stays null. */
    static Instant epoch(BigDecimal seconds) {
        if (seconds == null || seconds.signum() <= 0) {
            return null;
        }
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole))
                .movePointRight(9)
                .setScale(0, RoundingMode.HALF_UP)
                .longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    /** {@code local_ipaddrs}: a space-separated string (often ending in a newline), or a list as Vast's SDK has it. */
    static List<String> localAddresses(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> {
                if (n.isValueNode() && !n.asText().isBlank()) {
                    out.add(n.asText().trim());
                }
            });
            return out;
        }
        for (String part : node.asText().trim().split("\\s+")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }

    static BigDecimal plain(BigDecimal value) {
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    static String blankToNull(String s) {
        return blank(s) ? null : s;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
