package ma.rokhsa.api.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Browser sign-in: session lifetimes and the throttling of wrong passwords ({@code rokhsa.sign-in.*}).
 *
 * @param idleTimeout       a session unused this long ends
 * @param maxAge            a session ends this long after sign-in, however active
 * @param freeFailures      wrong passwords allowed for an account before each further one locks it
 * @param firstLock         the first lock; each further failure doubles it
 * @param maxLock           the longest lock
 * @param addressFailures   wrong passwords allowed from one client address (any account) before it is locked
 * @param failureWindow     failures older than this are forgotten
 * @param housekeeping      how often ended sessions and forgotten failures are deleted; zero: never (an
 *                          instance whose clock is not the real one must not delete the others' sessions)
 */
@ConfigurationProperties("rokhsa.sign-in")
public record WebSignInProperties(
        @DefaultValue("30m") Duration idleTimeout,
        @DefaultValue("12h") Duration maxAge,
        @DefaultValue("5") int freeFailures,
        @DefaultValue("30s") Duration firstLock,
        @DefaultValue("15m") Duration maxLock,
        @DefaultValue("30") int addressFailures,
        @DefaultValue("15m") Duration failureWindow,
        @DefaultValue("1h") Duration housekeeping) {
}
