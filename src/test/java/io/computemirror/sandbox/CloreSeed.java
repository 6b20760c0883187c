package io.computemirror.sandbox;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded sample Clore offers: plausible GPUs, CPUs, places and prices, the same for the same seed. */
final class CloreSeed {

    private static final String[][] GPUS = {
        {"Nvidia GeForce RTX 3090", "24", "10496", "328", "36"},
        {"Nvidia GeForce RTX 3070", "8", "5888", "184", "20"},
        {"Nvidia GeForce RTX 4090", "24", "16384", "512", "83"},
        {"Nvidia RTX A6000", "48", "10752", "336", "39"},
        {"Nvidia A100", "80", "6912", "432", "19"},
        {"Nvidia H100", "80", "16896", "528", "67"},
    };
    private static final String[] CPUS = {
        "AMD EPYC 7532 32-Core Processor",
        "AMD Ryzen 9 5950X 16-Core Processor",
        "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz",
        "Intel(R) Core(TM) i9-13900K"
    };
    private static final String[][] PLACES = {
        {"USA", "San Francisco"},
        {"Germany", "Frankfurt"},
        {"Finland", "Helsinki"},
        {"Canada", "Toronto"},
        {"Japan", "Tokyo"}
    };
    private static final String[] CUDA = {"11.8", "12.1", "12.2", "12.4"};

    private CloreSeed() {}

    /** {@code count} new offers drawn from {@code r}. */
    static List<CloreSimulator.Offer> offers(Random r, int count) {
        List<CloreSimulator.Offer> offers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            offers.add(offer(r));
        }
        return offers;
    }

    /** One new offer drawn from {@code r}; about one in five is unavailable. */
    static CloreSimulator.Offer offer(Random r) {
        String machineId = SeededIds.uuid(r).toString();
        int gpuCount = 1 + r.nextInt(r.nextInt(4) == 0 ? 8 : 2);
        String[] model = GPUS[r.nextInt(GPUS.length)];
        List<CloreSimulator.Gpu> gpus = new ArrayList<>();
        for (int g = 0; g < gpuCount; g++) {
            gpus.add(new CloreSimulator.Gpu(
                    SeededIds.uuid(r).toString(),
                    model[0],
                    Integer.parseInt(model[1]),
                    Integer.parseInt(model[2]),
                    Integer.parseInt(model[3]),
                    Integer.parseInt(model[4])));
        }
        String[] place = PLACES[r.nextInt(PLACES.length)];
        int cores = 4 << r.nextInt(5);
        int baseClock = 2000 + 100 * r.nextInt(18);
        return new CloreSimulator.Offer(
                machineId,
                r.nextInt(5) == 0 ? "unavailable" : "available",
                prices(r, gpuCount),
                place[0],
                place[1],
                CUDA[r.nextInt(CUDA.length)],
                CPUS[r.nextInt(CPUS.length)],
                cores,
                cores * 2,
                baseClock,
                baseClock + 500 + 100 * r.nextInt(10),
                16 << r.nextInt(5),
                1 + r.nextInt(8),
                100 + r.nextInt(3900),
                r.nextBoolean() ? "ssd" : "nvme",
                r.nextBoolean() ? "nvme" : "sda",
                List.copyOf(gpus),
                100 * (1 + r.nextInt(100)));
    }

    /** USD always, BTC on some offers; amounts are decimal strings as in the docs. */
    static List<CloreSimulator.Price> prices(Random r, int gpuCount) {
        List<CloreSimulator.Price> prices = new ArrayList<>();
        BigDecimal usd =
                BigDecimal.valueOf((long) gpuCount * (10 + r.nextInt(290)), 2).stripTrailingZeros();
        prices.add(new CloreSimulator.Price(SeededIds.uuid(r).toString(), usd.toPlainString(), "USD"));
        if (r.nextBoolean()) {
            BigDecimal btc = BigDecimal.valueOf((long) gpuCount * (100 + r.nextInt(5000)), 8)
                    .stripTrailingZeros();
            prices.add(0, new CloreSimulator.Price(SeededIds.uuid(r).toString(), btc.toPlainString(), "BTC"));
        }
        return List.copyOf(prices);
    }
}
