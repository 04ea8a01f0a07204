package ma.rokhsa.api.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import ma.rokhsa.api.notify.SmsProperties;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Refuses to start the {@code prod} profile with what is only for trying the product: demo accounts or demo
 * data (neither switch on, nor any enabled demo account left in the database) and the sandbox payment gateway
 * (fees marked paid without any money). Each refusal names the property to change. Runs as a Flyway callback,
 * on the migration connection.
 */
@Component
class ProductionGuard implements Callback {

    private final Environment env;

    ProductionGuard(Environment env) {
        this.env = env;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        if (!env.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        checkSettings(env);
        try (Statement st = context.getConnection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM app_user WHERE demo AND enabled")) {
            rs.next();
            long n = rs.getLong(1);
            if (n > 0) {
                throw new IllegalStateException("The prod profile refuses to start: " + n
                        + " demo account(s) are enabled in the database. Disable them (UPDATE app_user SET enabled = false WHERE demo).");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not check for demo accounts", e);
        }
    }

    /** The settings {@code prod} refuses, read from the environment alone. */
    static void checkSettings(Environment env) {
        if (env.getProperty("rokhsa.demo.enabled", Boolean.class, false)) {
            throw new IllegalStateException("The prod profile refuses rokhsa.demo.enabled=true: demo accounts have a public password.");
        }
        if (env.getProperty("rokhsa.demo.data", Boolean.class, false)) {
            throw new IllegalStateException("The prod profile refuses rokhsa.demo.data=true: demo dossiers are invented and would "
                    + "count in the public ranking and statistics.");
        }
        if (env.getProperty("rokhsa.payment.sandbox.enabled", Boolean.class, true)) {
            throw new IllegalStateException("The prod profile refuses rokhsa.payment.sandbox.enabled=true: the sandbox gateway "
                    + "marks fees paid without any money. Set it to false (online payment then answers 503 until a real gateway "
                    + "is configured with rokhsa.payment.gateway).");
        }
        String tsa = env.getProperty("rokhsa.signing.tsa-url");
        if (tsa == null || tsa.isBlank()) {
            throw new IllegalStateException("The prod profile refuses the demo timestamp authority: set rokhsa.signing.tsa-url "
                    + "to a qualified RFC 3161 timestamp authority (a timestamp from the demo one proves nothing to anyone else).");
        }
        if (SmsProperties.DEMO_INBOX.equals(env.getProperty("rokhsa.sms.gateway", SmsProperties.DEMO_INBOX))) {
            throw new IllegalStateException("The prod profile refuses rokhsa.sms.gateway=demo-inbox: the demo keeps text messages "
                    + "(signature PINs) for their recipient to read with a password alone. Set rokhsa.sms.gateway=http with "
                    + "rokhsa.sms.http.url (the operator's API), or none (PINs then go by email only).");
        }
    }

    @Override
    public String getCallbackName() {
        return "rokhsa-production-guard";
    }
}
