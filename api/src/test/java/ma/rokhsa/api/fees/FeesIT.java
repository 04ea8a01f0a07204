package ma.rokhsa.api.fees;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Declared figures, fees with their calculation, and tariff versions, over HTTP. */
class FeesIT extends ApiIT {

    @Autowired
    DatabaseClient db;

    Map<String, Object> fees(String user, UUID dossier) {
        return as(user).get().uri("/api/dossiers/{id}/fees", dossier).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
    }

    void submittedOn(UUID dossier, LocalDate day) {
        db.sql("UPDATE dossier SET status = 'SUBMITTED', submitted_at = (CAST(:d AS date) + time '12:00') AT TIME ZONE 'Africa/Casablanca' WHERE id = :id")
                .bind("d", day).bind("id", dossier).then().block();
    }

    @Test
    @SuppressWarnings("unchecked")
    void feesAreComputedFromTheDeclaredFiguresAndShownWithTheirCalculation() {
        UUID id = newDossier("amina");
        as("amina").get().uri("/api/dossiers/{id}/fees", id).exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("FIGURES_MISSING")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("coveredArea"));

        as("amina").put().uri("/api/dossiers/{id}/figures", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("coveredArea", Map.of("HOUSING_INDIVIDUAL", 120.4, "COMMERCIAL", 30), "worksCost", 900000, "lots", 0))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.coveredArea.HOUSING_INDIVIDUAL").isEqualTo(120.4)
                .jsonPath("$.worksCost").isEqualTo(900000.00);

        Map<String, Object> f = fees("amina", id);
        assertThat(f.get("estimate")).isEqualTo(true);
        assertThat(f.get("currency")).isEqualTo("MAD");
        assertThat(((Map<String, Object>) f.get("tariff"))).containsEntry("communeCode", "BML").containsEntry("version", 1);
        List<Map<String, Object>> lines = (List<Map<String, Object>>) f.get("lines");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).containsEntry("code", "CONSTRUCTION_TAX.HOUSING_INDIVIDUAL").containsEntry("base", 121)
                .containsEntry("unit", "m2").containsEntry("rate", 25).containsEntry("amount", 3025.00);
        assertThat((String) lines.get(0).get("label")).isEqualTo("Taxe sur les opérations de construction - Habitat individuel");
        assertThat(lines.get(1)).containsEntry("code", "CONSTRUCTION_TAX.COMMERCIAL").containsEntry("base", 30)
                .containsEntry("rate", 20).containsEntry("amount", 600.00);
        assertThat(f.get("total")).isEqualTo(3625.00);
        assertThat(((Map<String, Object>) f.get("figures")).get("worksCost")).isEqualTo(900000.00);

        // Scoped like the dossier: a draft is its architect's alone.
        as("omar").get().uri("/api/dossiers/{id}/fees", id).exchange().expectStatus().isNotFound();
        as("youssef").get().uri("/api/dossiers/{id}/fees", id).exchange().expectStatus().isNotFound();
        as("omar").put().uri("/api/dossiers/{id}/figures", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("worksCost", 1)).exchange().expectStatus().isNotFound();

        // Once submitted: the tariff of the submission date, seen by the commune, figures frozen.
        submittedOn(id, LocalDate.now(ZoneId.of("Africa/Casablanca")));
        Map<String, Object> submitted = fees("youssef", id);
        assertThat(submitted.get("estimate")).isEqualTo(false);
        assertThat(submitted.get("total")).isEqualTo(3625.00);
        as("salma").get().uri("/api/dossiers/{id}/fees", id).exchange().expectStatus().isNotFound();
        as("amina").put().uri("/api/dossiers/{id}/figures", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("worksCost", 1)).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_EDITABLE");
        as("youssef").get().uri("/api/dossiers/{id}/figures", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.coveredArea.COMMERCIAL").isEqualTo(30);
    }

    @Test
    void badFiguresSayWhatToFix() {
        UUID id = newDossier("amina");
        as("amina").put().uri("/api/dossiers/{id}/figures", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("coveredArea", Map.of("CASTLE", 100, "COMMERCIAL", -3), "worksCost", 12.345, "lots", -1))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("INVALID_FIGURES")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("unknown use 'CASTLE'").contains("HOUSING_INDIVIDUAL")
                        .contains("coveredArea.COMMERCIAL").contains("worksCost has more than two decimals").contains("lots"));
        as("youssef").put().uri("/api/dossiers/{id}/figures", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("worksCost", 1)).exchange().expectStatus().isNotFound();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNewTariffVersionClosesThePreviousOneAndAppliesFromItsFirstDay() {
        LocalDate today = LocalDate.now(ZoneId.of("Africa/Casablanca"));
        List<Map<String, Object>> before = as("admin").get().uri("/api/communes/BLN/tariffs").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { }).returnResult().getResponseBody();
        Map<String, Object> latest = before.get(0);
        int latestVersion = (Integer) latest.get("version");
        LocalDate latestFrom = LocalDate.parse((String) latest.get("validFrom"));
        LocalDate from = latestFrom.isBefore(today) ? today : latestFrom.plusDays(1);

        Map<String, Object> rates = Map.of(
                "constructionPerM2", Map.of("HOUSING_INDIVIDUAL", 30, "HOUSING_COLLECTIVE", 20),
                "constructionTypes", List.of("BUILDING_SMALL", "BUILDING_LARGE"),
                "subdivisionPercent", 5, "subdivisionTypes", List.of("SUBDIVISION"),
                "fixedFees", Map.of("RENOVATION", 400));
        as("amina").post().uri("/api/admin/tariffs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("communeCode", "BLN", "validFrom", from.toString(), "rates", rates))
                .exchange().expectStatus().isForbidden();
        as("admin").post().uri("/api/admin/tariffs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("communeCode", "BLN", "validFrom", today.minusDays(1).toString(), "rates", rates))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("RETROACTIVE_TARIFF");
        as("admin").post().uri("/api/admin/tariffs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("communeCode", "BLN", "validFrom", from.toString(),
                        "rates", Map.of("constructionPerM2", Map.of("HOUSING_INDIVIDUAL", -5), "constructionTypes", List.of("BUILDING_SMALL"))))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("INVALID_TARIFF");
        as("admin").post().uri("/api/admin/tariffs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("communeCode", "NOWHERE", "validFrom", from.toString(), "rates", rates))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("UNKNOWN_COMMUNE");

        Map<String, Object> created = as("admin").post().uri("/api/admin/tariffs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("communeCode", "BLN", "validFrom", from.toString(), "rates", rates, "note", "Arrêté fiscal n° 12/2026"))
                .exchange().expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
        assertThat(created.get("version")).isEqualTo(latestVersion + 1);
        assertThat(created.get("validFrom")).isEqualTo(from.toString());
        assertThat(created.get("validTo")).isNull();
        as("admin").post().uri("/api/admin/tariffs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("communeCode", "BLN", "validFrom", from.toString(), "rates", rates))
                .exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("TARIFF_OVERLAP");

        List<Map<String, Object>> after = as("youssef").get().uri("/api/communes/BLN/tariffs").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { }).returnResult().getResponseBody();
        assertThat(after.get(0).get("version")).isEqualTo(latestVersion + 1);
        assertThat(after.get(1).get("version")).isEqualTo(latestVersion);
        assertThat(after.get(1).get("validTo")).isEqualTo(from.minusDays(1).toString());

        // Submitted the day before: the old version; on the first day: the new one.
        UUID before1 = newDossier("amina", "BUILDING_SMALL", "BLN");
        UUID onDay = newDossier("amina", "BUILDING_SMALL", "BLN");
        for (UUID d : List.of(before1, onDay)) {
            as("amina").put().uri("/api/dossiers/{id}/figures", d).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("coveredArea", Map.of("HOUSING_INDIVIDUAL", 100))).exchange().expectStatus().isOk();
        }
        submittedOn(before1, from.minusDays(1));
        submittedOn(onDay, from);
        Map<String, Object> oldFees = fees("amina", before1);
        Map<String, Object> newFees = fees("amina", onDay);
        assertThat(((Map<String, Object>) oldFees.get("tariff")).get("version")).isEqualTo(latestVersion);
        assertThat(((Map<String, Object>) newFees.get("tariff")).get("version")).isEqualTo(latestVersion + 1);
        assertThat(newFees.get("total")).isEqualTo(3000.00);
        assertThat(newFees.get("date")).isEqualTo(from.toString());
    }
}
