package io.computemirror.schedule;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The clock schedules are computed with (the schedule arithmetic itself takes the instant as an argument). */
@ApplicationScoped
public class ScheduleClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
