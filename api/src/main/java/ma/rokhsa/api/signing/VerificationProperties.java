package ma.rokhsa.api.signing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rokhsa.verify.*}: how much of an instance anonymous verification may take. {@code concurrency}
 * verifications run at once on their own threads, {@code queue} more wait; beyond, 503 with Retry-After.
 * Each address may ask {@code perAddress} verifications per {@code window}; reports are remembered by the
 * document's SHA-256 for {@code reportTtl}.
 */
@ConfigurationProperties("rokhsa.verify")
public record VerificationProperties(@DefaultValue("2") int concurrency, @DefaultValue("4") int queue,
                                     @DefaultValue("30") int perAddress, @DefaultValue("1m") Duration window,
                                     @DefaultValue("10m") Duration reportTtl) {
}
