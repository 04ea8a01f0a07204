package ma.rokhsa.api.signing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signing secrets: generated once for the embedded run, refused under prod unless configured. */
class LocalSecretsTest {

    @Test
    void theEmbeddedRunGeneratesASecretOnceAndKeepsIt(@TempDir Path data) {
        LocalSecrets secrets = new LocalSecrets(data, false);
        String first = secrets.get("pin-pepper", "rokhsa.signing.pin-pepper", null, () -> LocalSecrets.random(32));
        assertThat(secrets.get("pin-pepper", "rokhsa.signing.pin-pepper", "", () -> "other")).isEqualTo(first);
        assertThat(Files.exists(data.resolve("secrets").resolve("pin-pepper"))).isTrue();
    }

    @Test
    void prodRefusesAGeneratedSecretNamingItsPropertyAndWritesNothing(@TempDir Path data) {
        LocalSecrets secrets = new LocalSecrets(data, true);
        assertThatThrownBy(() -> secrets.get("seal-pin", "rokhsa.signing.seal-pin", " ", () -> "12345678"))
                .hasMessageContaining("rokhsa.signing.seal-pin");
        assertThat(Files.exists(data.resolve("secrets"))).isFalse();
        assertThat(secrets.get("seal-pin", "rokhsa.signing.seal-pin", "configured-pin", () -> "12345678")).isEqualTo("configured-pin");
    }

    @Test
    void prodDoesNotTakeASecretLeftInTheDataFolder(@TempDir Path data) {
        new LocalSecrets(data, false).get("recovery-key", "rokhsa.signing.recovery-key", null, () -> "generated");
        assertThatThrownBy(() -> new LocalSecrets(data, true).get("recovery-key", "rokhsa.signing.recovery-key", null, () -> "x"))
                .hasMessageContaining("rokhsa.signing.recovery-key");
    }
}
