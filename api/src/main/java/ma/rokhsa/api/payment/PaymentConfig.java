package ma.rokhsa.api.payment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import ma.rokhsa.api.config.RokhsaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Payment wiring: the sandbox gateway and its secret. The secret comes from
 * {@code rokhsa.payment.sandbox.secret}; when absent, the {@code prod} profile refuses to start, and the
 * embedded run generates a random one kept in {@code <data-dir>/secrets/payment-sandbox.key} (owner
 * read/write only), so that restarts and instances sharing the data folder agree. It is never logged.
 */
@Configuration
@EnableConfigurationProperties(PaymentProperties.class)
class PaymentConfig {

    private static final Logger log = LoggerFactory.getLogger(PaymentConfig.class);

    @Bean
    @ConditionalOnProperty(name = "rokhsa.payment.sandbox.enabled", havingValue = "true", matchIfMissing = true)
    SandboxGateway sandboxGateway(PaymentProperties props, RokhsaProperties rokhsa, Environment env, PublicBaseUrl baseUrl) {
        // Under prod the production guard refuses the sandbox; the secret is still required there, so that the bean
        // never signs with a generated secret, whatever the order in which start-up runs them.
        byte[] secret = secret(props.sandbox().secret(), rokhsa.dataDir(), env.acceptsProfiles(Profiles.of("prod")));
        return new SandboxGateway(new HmacParameterSigner(secret), props.sandbox().merchantId(), baseUrl);
    }

    static byte[] secret(String configured, Path dataDir, boolean prod) {
        if (configured != null && !configured.isBlank()) {
            byte[] b = configured.getBytes(StandardCharsets.UTF_8);
            if (b.length < 32) {
                throw new IllegalStateException("rokhsa.payment.sandbox.secret must be at least 32 characters long");
            }
            return b;
        }
        if (prod) {
            throw new IllegalStateException("rokhsa.payment.sandbox.secret is required with the prod profile "
                    + "(or switch the sandbox off with rokhsa.payment.sandbox.enabled=false)");
        }
        Path file = dataDir.resolve("secrets").resolve("payment-sandbox.key");
        try {
            if (Files.exists(file)) {
                byte[] b = Files.readString(file, StandardCharsets.US_ASCII).strip().getBytes(StandardCharsets.US_ASCII);
                if (b.length >= 32) {
                    return b;
                }
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            String encoded = Base64.getEncoder().encodeToString(random);
            Path tmp = Files.createTempFile(file.getParent(), "payment-sandbox", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the data folder's own permissions protect it.
            }
            Files.writeString(tmp, encoded, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                if (!Files.exists(file)) {
                    throw e;
                }
            }
            log.info("Generated a random sandbox payment secret in {}", file);
            return Files.readString(file, StandardCharsets.US_ASCII).strip().getBytes(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the sandbox payment secret in " + file, e);
        }
    }

}
