package io.computemirror.sandbox;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * All four simulators with sample data, started together on 127.0.0.1; Quiva statuses and Clore and Vast offers
 * change every tick so a mirror has something to follow.
 *
 * @param ticker the daemon thread that runs those changes; {@link #close()} stops it
 */
public record Sandbox(
        QuivaSimulator quiva,
        CloreSimulator clore,
        AkuaSimulator akua,
        VastSimulator vast,
        ScheduledExecutorService ticker)
        implements AutoCloseable {

    /** Default ports of {@link SandboxMain}. */
    public static final int DEFAULT_QUIVA_PORT = 18081;
    /** Default Clore port. */
    public static final int DEFAULT_CLORE_PORT = 18082;
    /** Default Akua port. */
    public static final int DEFAULT_AKUA_PORT = 18083;
    /** Default Vast port. */
    public static final int DEFAULT_VAST_PORT = 18084;

    /** {@link #start(int, int, int, int, long, Duration)} with Vast on any free port. */
    public static Sandbox start(int quivaPort, int clorePort, int akuaPort, long seed, Duration tick) {
        return start(quivaPort, clorePort, akuaPort, 0, seed, tick);
    }

    /**
     * Starts the four simulators on the given ports (0 = any free port) with seed {@code seed}: 12 Quiva machines
     * (two ids differ only in case), 500 Clore offers, 10 Akua machines whose operations take 5 s, 300 Vast offers and
     * 6 Vast instances whose host takes 5 s to stop or start; every {@code tick} (null or zero: never) Quiva, Clore
     * and Vast take one {@code advance()} step.
     */
    public static Sandbox start(int quivaPort, int clorePort, int akuaPort, int vastPort, long seed, Duration tick) {
        QuivaSimulator quiva = new QuivaSimulator().withSeed(seed).withMachines(12);
        CloreSimulator clore = new CloreSimulator().withSeed(seed).withOffers(500);
        AkuaSimulator akua =
                new AkuaSimulator().withSeed(seed).withMachines(10).withOperationDuration(Duration.ofSeconds(5));
        VastSimulator vast = new VastSimulator()
                .withSeed(seed)
                .withOffers(300)
                .withInstances(6)
                .withHostDelay(Duration.ofSeconds(5));
        try {
            quiva.start(quivaPort);
            clore.start(clorePort);
            akua.start(akuaPort);
            vast.start(vastPort);
        } catch (RuntimeException e) {
            // A busy port must not leave the other simulators listening.
            quiva.close();
            clore.close();
            akua.close();
            vast.close();
            throw e;
        }
        ScheduledExecutorService ticker = DaemonThreads.scheduler("sandbox-ticker");
        if (tick != null && !tick.isZero()) {
            ticker.scheduleAtFixedRate(
                    () -> {
                        quiva.advance();
                        clore.advance();
                        vast.advance();
                    },
                    tick.toMillis(),
                    tick.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return new Sandbox(quiva, clore, akua, vast, ticker);
    }

    /** Starts on free ports with seed 1 and no automatic changes (for tests). */
    public static Sandbox start() {
        return start(0, 0, 0, 0, 1, null);
    }

    /** A human-readable summary: base URL and credentials of each simulator, and where to inject faults. */
    public String describe() {
        return String.join(
                System.lineSeparator(),
                "Quiva  " + quiva.baseUrl() + "  token " + quiva.token() + "  api key "
                        + QuivaSimulator.DEFAULT_API_KEY,
                "Clore  " + clore.baseUrl() + "  token " + clore.token(),
                "Akua   " + akua.baseUrl() + "  token " + akua.token() + "  workspace " + AkuaSimulator.WORKSPACE_ID,
                "Vast   " + vast.baseUrl() + "  api key " + vast.token(),
                "faults and state changes at run time: POST <root URL>" + SandboxAdmin.PREFIX + "faults and "
                        + SandboxAdmin.PREFIX + "state (README: Sandbox providers)");
    }

    /** Stops the ticker and the four simulators. */
    @Override
    public void close() {
        ticker.shutdownNow();
        quiva.close();
        clore.close();
        akua.close();
        vast.close();
    }
}
