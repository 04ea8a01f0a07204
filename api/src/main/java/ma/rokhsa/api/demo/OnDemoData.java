package ma.rokhsa.api.demo;

import org.springframework.boot.autoconfigure.condition.AllNestedConditions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Demo data is loaded on the embedded default run only: embedded database, demo accounts on, and
 * {@code rokhsa.demo.data} on (the default; the {@code prod} profile turns it off and refuses it).
 */
final class OnDemoData extends AllNestedConditions {

    OnDemoData() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(name = "rokhsa.database.embedded", havingValue = "true")
    static final class EmbeddedDatabase {
    }

    @ConditionalOnProperty(name = "rokhsa.demo.enabled", havingValue = "true")
    static final class DemoAccounts {
    }

    @ConditionalOnProperty(name = "rokhsa.demo.data", havingValue = "true")
    static final class DemoData {
    }
}
