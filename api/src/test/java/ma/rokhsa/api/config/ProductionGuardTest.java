package ma.rokhsa.api.config;

import java.io.IOException;
import java.util.Map;

import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the prod profile refuses to start with, read from the settings the product ships plus an operator's. */
class ProductionGuardTest {

    /** The shipped application.yml and application-prod.yml under the prod profile, with an operator's settings on top. */
    private static StandardEnvironment prod(Map<String, Object> operator) throws IOException {
        StandardEnvironment env = new StandardEnvironment();
        env.setActiveProfiles("prod");
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        yaml.load("application", new ClassPathResource("application.yml")).forEach(env.getPropertySources()::addFirst);
        yaml.load("application-prod", new ClassPathResource("application-prod.yml")).forEach(env.getPropertySources()::addFirst);
        env.getPropertySources().addFirst(new MapPropertySource("operator", operator));
        return env;
    }

    /** What an operator must add to the shipped settings: the external services that have no demo stand-in in production. */
    private static final Map<String, Object> OPERATOR = Map.of("rokhsa.signing.tsa-url", "https://tsa.example.ma/rfc3161");

    @Test
    void theShippedProdSettingsPassWithTheOperatorsTimestampAuthority() throws IOException {
        assertThatCode(() -> ProductionGuard.checkSettings(prod(OPERATOR))).doesNotThrowAnyException();
    }

    @Test
    void theDemoTimestampAuthorityIsRefusedNamingItsProperty() throws IOException {
        assertThatThrownBy(() -> ProductionGuard.checkSettings(prod(Map.of()))).hasMessageContaining("rokhsa.signing.tsa-url");
    }

    @Test
    void theSandboxPaymentGatewayIsRefusedNamingItsProperty() throws IOException {
        assertThatThrownBy(() -> ProductionGuard.checkSettings(prod(with("rokhsa.payment.sandbox.enabled", "true"))))
                .hasMessageContaining("rokhsa.payment.sandbox.enabled");
    }

    @Test
    void demoAccountsAndDemoDataAreRefusedNamingTheirProperty() throws IOException {
        assertThatThrownBy(() -> ProductionGuard.checkSettings(prod(with("rokhsa.demo.enabled", "true"))))
                .hasMessageContaining("rokhsa.demo.enabled");
        assertThatThrownBy(() -> ProductionGuard.checkSettings(prod(with("rokhsa.demo.data", "true"))))
                .hasMessageContaining("rokhsa.demo.data");
    }

    @Test
    void theDemoSmsInboxIsRefusedNamingItsProperty() throws IOException {
        assertThatThrownBy(() -> ProductionGuard.checkSettings(prod(with("rokhsa.sms.gateway", "demo-inbox"))))
                .hasMessageContaining("rokhsa.sms.gateway");
        assertThatCode(() -> ProductionGuard.checkSettings(prod(with("rokhsa.sms.gateway", "none")))).doesNotThrowAnyException();
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> m = new java.util.HashMap<>(OPERATOR);
        m.put(key, value);
        return m;
    }

    @Test
    void outsideProdTheSandboxIsAllowed() {
        StandardEnvironment embedded = new StandardEnvironment();
        embedded.getPropertySources().addFirst(new MapPropertySource("operator", Map.of("rokhsa.payment.sandbox.enabled", "true")));
        assertThatCode(() -> new ProductionGuard(embedded).handle(Event.AFTER_MIGRATE, null)).doesNotThrowAnyException();
    }
}
