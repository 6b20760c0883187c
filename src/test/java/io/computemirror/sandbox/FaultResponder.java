package io.computemirror.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/** Applies the request and body faults of a {@link Faults} plan around the simulator's normal answer. */
final class FaultResponder {

    /** What a request fault decided: go on to the normal answer, answer this instead, or drop the connection. */
    record Verdict(boolean proceed, SimResponse answer) {
        static final Verdict PROCEED = new Verdict(true, null);
        static final Verdict DROP = new Verdict(false, null);
    }

    /** The HTTP-date form RFC 9110 asks senders to use (two-digit day, GMT): {@code Wed, 02 Dec 2026 13:05:00 GMT}. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

    /** Vast's 429: plain text, no Retry-After, no rate-limit headers. */
    static final SimResponse PLAIN_RATE_LIMIT = new SimResponse(
            429,
            java.util.Map.of("Content-Type", "text/plain; charset=utf-8"),
            "API requests too frequent endpoint threshold=1.0".getBytes(StandardCharsets.UTF_8),
            false);

    private final Faults faults;
    private final Function<SimulatorException, SimResponse> errors;
    private final Supplier<Instant> clock;
    private final CountDownLatch closing;

    /**
     * @param errors renders an error in the provider's body shape
     * @param clock the simulator's clock (Retry-After dates)
     * @param closing counted down when the simulator closes, which ends every hang
     */
    FaultResponder(
            Faults faults,
            Function<SimulatorException, SimResponse> errors,
            Supplier<Instant> clock,
            CountDownLatch closing) {
        this.faults = faults;
        this.errors = errors;
        this.clock = clock;
        this.closing = closing;
    }

    /** The request fault due for {@code request}, if any. */
    Verdict before(SimRequest request) {
        Optional<Faults.Rule> fault = faults.takeRequestFault(request.path());
        if (fault.isEmpty()) {
            return Verdict.PROCEED;
        }
        Faults.Rule rule = fault.get();
        return switch (rule.kind()) {
            case HANG -> hold(rule.duration()) ? Verdict.PROCEED : Verdict.DROP;
            case SERVER_ERROR ->
                answer(new SimulatorException(
                        rule.status(),
                        rule.status() == 503 ? "unavailable" : "internal",
                        "simulated server error " + rule.status()));
            case RATE_LIMIT ->
                new Verdict(
                        false,
                        errors.apply(new SimulatorException(429, "resource_exhausted", "rate limit exceeded"))
                                .withHeader("Retry-After", retryAfter(rule)));
            case RATE_LIMIT_PLAIN -> new Verdict(false, PLAIN_RATE_LIMIT);
            case FORBIDDEN ->
                answer(new SimulatorException(
                        403,
                        "permission_denied",
                        "the token lacks the permission for " + request.method() + " " + request.path()));
            default -> throw new IllegalStateException("not a request fault: " + rule.kind());
        };
    }

    /** {@code response} with the body fault due for {@code request}, if any (successful answers only). */
    SimResponse after(SimRequest request, SimResponse response) {
        if (response == null || response.status() >= 300) {
            return response;
        }
        Optional<Faults.Kind> bodyFault = faults.takeBodyFault(request.path(), response.listResponse());
        if (bodyFault.isEmpty()) {
            return response;
        }
        byte[] body = response.body();
        if (bodyFault.get() == Faults.Kind.CUT_PAGE) {
            return response.withBody(Arrays.copyOf(body, body.length / 2));
        }
        // A stray comma right after the opening brace breaks every JSON parser, lenient ones included.
        String text = response.bodyText();
        String broken = text.startsWith("{") ? "{," + text.substring(1) : "," + text;
        return response.withBody(broken.getBytes(StandardCharsets.UTF_8));
    }

    private Verdict answer(SimulatorException error) {
        return new Verdict(false, errors.apply(error));
    }

    /** Waits out a hang; false when the simulator closed meanwhile (or the hang is "until close"). */
    private boolean hold(Duration duration) {
        try {
            if (duration == null) {
                closing.await();
                return false;
            }
            return !closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String retryAfter(Faults.Rule rule) {
        Duration delay = rule.duration() == null ? Duration.ofSeconds(1) : rule.duration();
        if (rule.httpDate()) {
            return IMF_FIXDATE.format(ZonedDateTime.ofInstant(clock.get().plus(delay), ZoneOffset.UTC));
        }
        return Long.toString((delay.toMillis() + 999) / 1000);
    }
}
