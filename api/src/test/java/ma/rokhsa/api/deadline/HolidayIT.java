package ma.rokhsa.api.deadline;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Administrators add and remove holidays over HTTP; the in-memory calendar follows at once, on every instance. */
class HolidayIT extends ApiIT {

    @Autowired
    LegalClock legalClock;
    @Autowired
    DatabaseClient db;

    Map<String, Object> year(int y) {
        return as("amina").get().uri("/api/holidays?year={y}", y).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aYearListsItsHolidaysWithTheirSource() {
        Map<String, Object> y2025 = year(2025);
        assertThat(y2025.get("weekend")).isEqualTo(List.of("SATURDAY", "SUNDAY"));   // in week order
        assertThat(y2025.get("religiousHolidaysConfigured")).isEqualTo(true);
        List<Map<String, Object>> days = (List<Map<String, Object>>) y2025.get("holidays");
        assertThat(days).anySatisfy(d -> assertThat(d).containsEntry("date", "2025-11-06").containsEntry("source", "ANNUAL")
                .containsEntry("dayOfWeek", "THURSDAY"));
        assertThat(days).anySatisfy(d -> assertThat(d).containsEntry("date", "2025-03-31").containsEntry("source", "CONFIRMED"));
        assertThat(year(2030).get("religiousHolidaysConfigured")).isEqualTo(false);
        as("amina").get().uri("/api/holidays?year=1900").exchange().expectStatus().isBadRequest();
        anonymous.get().uri("/api/holidays?year=2025").exchange().expectStatus().isUnauthorized();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAdministratorAddsAndCancelsHolidays() {
        LocalDate exceptional = LocalDate.parse("2031-03-05");   // a Wednesday
        as("admin").delete().uri("/api/admin/holidays/{d}", exceptional).exchange();   // leftovers of an earlier run
        assertThat(legalClock.calendar().isWorkingDay(exceptional)).isTrue();

        as("youssef").post().uri("/api/admin/holidays").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", exceptional.toString(), "name", "Jour chômé exceptionnel")).exchange().expectStatus().isForbidden();
        as("admin").post().uri("/api/admin/holidays").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", "2031-02-30", "name", "x")).exchange().expectStatus().isBadRequest();
        as("admin").post().uri("/api/admin/holidays").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", exceptional.toString(), "name", " ")).exchange().expectStatus().isBadRequest();
        as("admin").post().uri("/api/admin/holidays").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", exceptional.toString(), "name", "Jour chômé exceptionnel")).exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.source").isEqualTo("ADMIN");
        // In effect at once for deadlines: Tuesday + 1 working day is now Thursday.
        assertThat(legalClock.calendar().isWorkingDay(exceptional)).isFalse();
        assertThat(legalClock.calendar().addWorkingDays(exceptional.minusDays(1), 1)).isEqualTo(exceptional.plusDays(1));
        assertThat((List<Map<String, Object>>) year(2031).get("holidays"))
                .anySatisfy(d -> assertThat(d).containsEntry("date", "2031-03-05").containsEntry("name", "Jour chômé exceptionnel")
                        .containsEntry("source", "ADMIN"));
        // Renaming answers 200.
        as("admin").post().uri("/api/admin/holidays").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", exceptional.toString(), "name", "Fermeture exceptionnelle")).exchange().expectStatus().isOk();

        as("admin").delete().uri("/api/admin/holidays/{d}", exceptional).exchange().expectStatus().isNoContent();
        assertThat(legalClock.calendar().isWorkingDay(exceptional)).isTrue();
        as("admin").delete().uri("/api/admin/holidays/{d}", exceptional).exchange().expectStatus().isNotFound();

        // A configured religious holiday moved by the moon sighting: cancel the expected day, add the announced one.
        LocalDate expected = LocalDate.parse("2027-03-10");
        LocalDate announced = LocalDate.parse("2027-03-12");
        as("admin").delete().uri("/api/admin/holidays/{d}", expected).exchange().expectStatus().isNoContent();
        as("admin").post().uri("/api/admin/holidays").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", announced.toString(), "name", "Aïd Al Fitr (2)")).exchange().expectStatus().is2xxSuccessful();
        assertThat(legalClock.calendar().isWorkingDay(expected)).isTrue();
        assertThat(legalClock.calendar().isWorkingDay(announced)).isFalse();
        // ... and back as configured.
        as("admin").delete().uri("/api/admin/holidays/{d}", announced).exchange().expectStatus().isNoContent();
        as("admin").post().uri("/api/admin/holidays").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", expected.toString(), "name", "Aïd Al Fitr (1)")).exchange().expectStatus().is2xxSuccessful();
        assertThat(legalClock.calendar().isWorkingDay(expected)).isFalse();
        assertThat(legalClock.calendar().isWorkingDay(announced)).isTrue();
    }

    @Test
    void aChangeMadeByAnotherInstanceArrivesThroughTheDatabase() {
        LocalDate day = LocalDate.parse("2032-04-07");   // a Wednesday
        db.sql("DELETE FROM holiday WHERE day = :d").bind("d", day).then().block();
        await().atMost(Duration.ofSeconds(10)).until(() -> legalClock.calendar().isWorkingDay(day));
        // Written straight into the table, as another instance would: NOTIFY makes this one reload.
        db.sql("INSERT INTO holiday (day, name) VALUES (:d, 'Ajouté ailleurs')").bind("d", day).then().block();
        await().atMost(Duration.ofSeconds(10)).until(() -> !legalClock.calendar().isWorkingDay(day));
        db.sql("DELETE FROM holiday WHERE day = :d").bind("d", day).then().block();
        await().atMost(Duration.ofSeconds(10)).until(() -> legalClock.calendar().isWorkingDay(day));
    }
}
