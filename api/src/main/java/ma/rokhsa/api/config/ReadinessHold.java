package ma.rokhsa.api.config;

/**
 * A part that, on the instance's first readiness, refuses traffic again until it has done its work, then
 * announces readiness once more (the demo data's first load). {@link StartupReport} waits for that second
 * announcement, when the URL it prints works.
 */
public interface ReadinessHold {
}
