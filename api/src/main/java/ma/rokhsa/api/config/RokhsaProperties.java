package ma.rokhsa.api.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The core settings of the application under the {@code rokhsa.} prefix (each area has its own properties
 * class as well); docs/configuration.md has the full table.
 */
@ConfigurationProperties("rokhsa")
public record RokhsaProperties(
        @DefaultValue("data") Path dataDir,
        @DefaultValue("http://localhost:8080") String publicBaseUrl,
        @DefaultValue Upload upload,
        @DefaultValue Demo demo,
        @DefaultValue Pipeline pipeline,
        @DefaultValue Events events,
        @DefaultValue PublicFigures publicFigures) {

    /** Upload limits. */
    public record Upload(@DefaultValue("200MB") DataSize maxFileSize) {
    }

    /**
     * Demo accounts, and (with {@code data}) demo dossiers loaded on the first start: only for the embedded
     * default run; both refused by the {@code prod} profile.
     */
    public record Demo(@DefaultValue("false") boolean enabled, @DefaultValue("false") boolean data) {
    }

    /** The durable pipeline: worker identity, polling, leases, retries and per-stage settings. */
    public record Pipeline(
            @DefaultValue("5s") Duration pollInterval,
            @DefaultValue("2m") Duration lease,
            @DefaultValue("5") int maxAttempts,
            @DefaultValue("2s") Duration initialBackoff,
            @DefaultValue("5m") Duration maxBackoff,
            /** How often a stage retries while its external service is down (attempts are not spent). */
            @DefaultValue("15s") Duration outageRetry,
            /** How long a finished task is kept (for diagnostics) before it is deleted; 0 keeps them forever. */
            @DefaultValue("7d") Duration doneRetention,
            @DefaultValue Map<String, Stage> stages) {

        public Stage stage(String name) {
            return stages.getOrDefault(name, new Stage(true, 0));
        }
    }

    /** One stage's switch and concurrency on this instance (0: the stage's own default). */
    public record Stage(@DefaultValue("true") boolean enabled, @DefaultValue("0") int concurrency) {
    }

    /**
     * Live streams. At most {@code maxStreamsPerUser} open at once per signed-in person and {@code maxStreamsPerAddress}
     * per address for anonymous ones (the public ranking), on each instance.
     */
    public record Events(@DefaultValue("15s") Duration heartbeat, @DefaultValue("2048") int subscriberBuffer,
                         @DefaultValue("16") int maxStreamsPerUser, @DefaultValue("64") int maxStreamsPerAddress) {
    }

    /**
     * The public ranking and statistics ({@code rokhsa.public-figures.*}): requests one anonymous address may
     * make for them per minute on one instance.
     */
    public record PublicFigures(@DefaultValue("600") int perAddressPerMinute) {
    }
}
