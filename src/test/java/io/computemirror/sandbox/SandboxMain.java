package io.computemirror.sandbox;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** Command-line entry that runs the {@link Sandbox} until Ctrl-C; see the package Javadoc for the command. */
public final class SandboxMain {

    private SandboxMain() {}

    /**
     * Options: {@code --quiva-port=N}, {@code --clore-port=N}, {@code --akua-port=N}, {@code --vast-port=N} (0 = any
     * free port),
     * {@code --seed=N}, {@code --tick-seconds=N} (0 = no automatic changes).
     */
    public static void main(String[] args) throws InterruptedException {
        int quivaPort = Sandbox.DEFAULT_QUIVA_PORT;
        int clorePort = Sandbox.DEFAULT_CLORE_PORT;
        int akuaPort = Sandbox.DEFAULT_AKUA_PORT;
        int vastPort = Sandbox.DEFAULT_VAST_PORT;
        long seed = 1;
        long tickSeconds = 30;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            String name = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            switch (name) {
                case "quiva-port" -> quivaPort = Integer.parseInt(value);
                case "clore-port" -> clorePort = Integer.parseInt(value);
                case "akua-port" -> akuaPort = Integer.parseInt(value);
                case "vast-port" -> vastPort = Integer.parseInt(value);
                case "seed" -> seed = Long.parseLong(value);
                case "tick-seconds" -> tickSeconds = Long.parseLong(value);
                default ->
                    throw new IllegalArgumentException("unknown option --" + name + "; known: --quiva-port, "
                            + "--clore-port, --akua-port, --vast-port, --seed, --tick-seconds");
            }
        }
        Sandbox sandbox =
                Sandbox.start(quivaPort, clorePort, akuaPort, vastPort, seed, Duration.ofSeconds(tickSeconds));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            sandbox.close();
                            stopped.countDown();
                        },
                        "sandbox-shutdown"));
        System.out.println("compute-mirror sandbox running (Ctrl-C stops it):");
        System.out.println(sandbox.describe());
        System.out.flush();
        stopped.await();
    }
}
