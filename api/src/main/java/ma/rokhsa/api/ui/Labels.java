package ma.rokhsa.api.ui;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import ma.rokhsa.api.config.Periodic;
import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.reference.ReferenceData;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Names of reference data in the page's language, for templates ({@code ${@labels.kind(code, lang)}}):
 * procedures and document kinds from the catalog, communes from PostgreSQL (refreshed every minute, so a
 * template never waits for the database), and dates in Morocco's time.
 */
@Component("labels")
public class Labels {

    private static final ZoneId MOROCCO = ZoneId.of("Africa/Casablanca");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    private final Catalog catalog;
    private final Map<String, ReferenceData.Commune> communes = new ConcurrentHashMap<>();
    private final Disposable refresh;

    Labels(Catalog catalog, ReferenceData reference) {
        this.catalog = catalog;
        this.refresh = Periodic.every(Duration.ZERO, Duration.ofMinutes(1))
                .concatMap(i -> reference.communes().onErrorResume(e -> Mono.just(List.of())))
                .subscribe(list -> list.forEach(c -> communes.put(c.code(), c)));
    }

    @PreDestroy
    void stop() {
        refresh.dispose();
    }

    public String type(String code, String lang) {
        return catalog.type(code).map(t -> ar(lang) && t.nameAr() != null ? t.nameAr() : t.name()).orElse(code);
    }

    public String kind(String code, String lang) {
        return catalog.kind(code).map(k -> ar(lang) && k.nameAr() != null ? k.nameAr() : k.name()).orElse(code);
    }

    public String commune(String code, String lang) {
        ReferenceData.Commune c = code == null ? null : communes.get(code);
        return c == null ? code : c.name(lang);
    }

    /** The colour of a dossier status's tag (a class of rokhsa.css). */
    public String statusTag(String status) {
        if (status == null) {
            return "tag-progress";
        }
        return switch (status) {
            case "ISSUED", "DEEMED_APPROVED", "SIGNED" -> "tag-ok";
            case "REFUSED" -> "tag-bad";
            case "RETURNED", "FEES_DUE" -> "tag-warn";
            case "DRAFT" -> "tag-grey";
            default -> "tag-progress";
        };
    }

    /** A date as people write it in Morocco (dd/MM/yyyy), in Morocco's time. */
    public String day(OffsetDateTime t) {
        return t == null ? "" : t.atZoneSameInstant(MOROCCO).format(DAY);
    }

    public String minute(OffsetDateTime t) {
        return t == null ? "" : t.atZoneSameInstant(MOROCCO).format(MINUTE);
    }

    public String instant(java.time.Instant t) {
        return t == null ? "–" : t.atZone(MOROCCO).format(MINUTE);
    }

    public String minute(String isoInstant) {
        try {
            return isoInstant == null ? "" : minute(OffsetDateTime.parse(isoInstant));
        } catch (RuntimeException e) {
            return isoInstant;
        }
    }

    /** A size in bytes as people read it (Ko/Mo in French, the same units in Arabic pages). */
    public String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " o";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f Ko", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f Mo", bytes / (1024.0 * 1024));
    }

    /** An amount in dirhams with two decimals and spaced thousands. */
    public String money(java.math.BigDecimal amount) {
        if (amount == null) {
            return "";
        }
        return String.format(Locale.FRANCE, "%,.2f", amount).replace('\u202f', ' ').replace('\u00a0', ' ') + " MAD";
    }

    private static boolean ar(String lang) {
        return "ar".equals(lang);
    }
}
