package ma.rokhsa.api.config;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ma.rokhsa.api.notify.Mailer;
import ma.rokhsa.api.search.SearchProperties;
import ma.rokhsa.ingest.TikaExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The short block a newcomer reads when the application is ready: where to open it, the demo accounts,
 * where its data lives, and which optional parts are off, each with the one line that turns it on. Printed
 * once, when the instance is ready: after the demo data's first load when there is one ({@link ReadinessHold}),
 * which refuses traffic until the data is there, so that the URL it gives works when it is read.
 */
@Component
public class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);
    private static final String RULE = "-".repeat(100);

    private final RokhsaProperties props;
    private final SearchProperties search;
    private final TikaExtractor extractor;
    private final Mailer mailer;
    private final DatabaseClient db;
    private final WebServerApplicationContext context;
    private final long holds;
    private final AtomicInteger announcements = new AtomicInteger();

    StartupReport(RokhsaProperties props, SearchProperties search, TikaExtractor extractor, Mailer mailer,
                  DatabaseClient db, WebServerApplicationContext context, ObjectProvider<ReadinessHold> holds) {
        this.props = props;
        this.search = search;
        this.extractor = extractor;
        this.mailer = mailer;
        this.db = db;
        this.context = context;
        this.holds = holds.stream().count();
    }

    @EventListener
    void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
        // Each hold announces readiness once more when its work is done: the block waits for the last.
        if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC && announcements.incrementAndGet() == 1 + holds) {
            print().subscribe(null, e -> log.warn("Could not print the start-up summary: {}", e.toString()));
        }
    }

    /** Prints the block (demo accounts read from the database, so it says what really is there). */
    Mono<Void> print() {
        Mono<List<String>> accounts = props.demo().enabled()
                ? db.sql("SELECT username, role, coalesce(commune_code, organisation_code, province_code) AS scope"
                        + " FROM app_user WHERE demo AND enabled ORDER BY role, username")
                        .map(r -> r.get("username", String.class) + " (" + r.get("role", String.class).toLowerCase().replace('_', ' ')
                                + (r.get("scope", String.class) == null ? "" : " " + r.get("scope", String.class)) + ")")
                        .all().collectList()
                : Mono.just(List.of());
        return accounts.doOnNext(this::log).then();
    }

    private void log(List<String> demoAccounts) {
        int port = context.getWebServer().getPort();
        String url = "http://localhost:" + port;
        List<String> lines = new ArrayList<>();
        lines.add(RULE);
        lines.add("Rokhsa is ready: open " + url + "   (API reference: " + url + "/swagger-ui.html)");
        if (!demoAccounts.isEmpty()) {
            lines.add("Demo accounts, password \"demo\": " + String.join(", ", demoAccounts));
        }
        lines.add("Data: " + props.dataDir().toAbsolutePath().normalize()
                + " (database, search index, files, keys; stop and delete it to start afresh)");
        List<String> off = new ArrayList<>();
        if (!extractor.ocrAvailable()) {
            String why = extractor.ocrStatus().replaceFirst("^OCR is off: ", "").replaceFirst(" \\(install [^)]*\\)$", "");
            off.add("OCR of scans is off (" + why + "): apt-get install tesseract-ocr tesseract-ocr-ara"
                    + " tesseract-ocr-fra, then restart (scans uploaded meanwhile are read then)");
        }
        if (!mailer.enabled()) {
            off.add("Email (PIN letters, deadline alerts) is off, no SMTP server: --spring.mail.host=smtp.example.org"
                    + " (and spring.mail.port/username/password)");
        }
        if (!search.enabled()) {
            off.add("Full-text search is off: --rokhsa.search.enabled=true");
        }
        if (off.isEmpty()) {
            lines.add("Optional parts: all on (OCR, email, search)");
        } else {
            lines.add("Off:");
            off.forEach(o -> lines.add("  - " + o));
        }
        lines.add(RULE);
        log.info("\n{}", String.join("\n", lines));
    }
}
