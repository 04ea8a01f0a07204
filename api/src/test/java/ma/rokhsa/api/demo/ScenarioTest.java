package ma.rokhsa.api.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ma.rokhsa.api.deadline.LegalClock;
import ma.rokhsa.api.deadline.WorkingCalendar;
import ma.rokhsa.api.reference.Catalog;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo story, planned for every week of two years: it always fits (every dossier decided in time is,
 * every open one is still in time today), every commune has the decisions the ranking needs in the
 * rolling 90 days (the ranking's default period), every status is there, and the same day gives the same story.
 */
class ScenarioTest {

    static final ZoneId MA = ZoneId.of("Africa/Casablanca");

    static Binder yaml(String resource) {
        try {
            return new Binder(ConfigurationPropertySources.from(new YamlPropertySourceLoader().load(resource, new ClassPathResource(resource))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Annual(String day, String name, Integer fromYear, Integer toYear) {
    }

    record Dated(String date, Integer days, String name) {
    }

    /** Morocco's working calendar from the shipped holidays.yml. */
    static WorkingCalendar calendar() {
        Binder b = yaml("holidays.yml");
        List<WorkingCalendar.AnnualHoliday> annual = new ArrayList<>();
        for (Annual a : b.bind("rokhsa.holidays.annual", Bindable.listOf(Annual.class)).get()) {
            annual.add(new WorkingCalendar.AnnualHoliday(MonthDay.parse("--" + a.day()), a.name(),
                    a.fromYear() == null ? WorkingCalendar.MIN_YEAR : a.fromYear(), a.toYear() == null ? WorkingCalendar.MAX_YEAR : a.toYear()));
        }
        Map<LocalDate, String> dated = new HashMap<>();
        for (Dated d : b.bind("rokhsa.holidays.dated", Bindable.listOf(Dated.class)).get()) {
            for (int i = 0; i < (d.days() == null ? 1 : d.days()); i++) {
                dated.put(LocalDate.parse(d.date()).plusDays(i), d.name());
            }
        }
        return new WorkingCalendar(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), annual, dated, Set.of());
    }

    static Scenario scenario() {
        WorkingCalendar cal = calendar();
        LegalClock legal = new LegalClock(() -> cal, MA, Map.of(
                "dispatch", LegalClock.Rule.workingDays(3), "opinions", LegalClock.Rule.workingDays(15),
                "decision-small", LegalClock.Rule.calendarDays(15), "decision-large", LegalClock.Rule.calendarDays(30)));
        Catalog catalog = yaml("catalog.yml").bind("rokhsa.catalog", Catalog.class).get();
        return new Scenario(Cast.load(JsonMapper.builder().build()), catalog, legal);
    }

    /** When each decided dossier is decided: its signature, or the deadline pass that approves it. */
    static Map<DossierStory, Instant> decisions(Scenario.Story story) {
        Map<DossierStory, Instant> at = new HashMap<>();
        for (Step s : story.steps()) {
            if (s.action() instanceof Step.Sign) {
                at.put(s.dossier(), s.at());
            } else if (s.action() instanceof Step.DeadlineCheck check) {
                check.expected().forEach(d -> at.put(d, s.at()));
            }
        }
        return at;
    }

    @Test
    void everyWeekOfTwoYearsGivesAStoryTheRankingCanUse() {
        Scenario scenario = scenario();
        for (LocalDate today = LocalDate.parse("2026-01-05"); today.isBefore(LocalDate.parse("2027-12-31")); today = today.plusDays(7)) {
            Scenario.Story story = scenario.plan(Scenario.SEED, today);
            Instant midnight = today.atStartOfDay(MA).toInstant();
            assertThat(story.steps()).as("%s", today).allSatisfy(s -> assertThat(s.at()).isBefore(midnight));
            assertThat(story.steps()).isSortedAccordingTo(java.util.Comparator.comparing(Step::at));
            Map<DossierStory, Instant> decided = decisions(story);
            assertThat(decided).hasSize(21);
            Instant rolling = midnight.minus(Duration.ofDays(90));
            for (String commune : List.of("BML", "KTD", "KHB")) {
                List<Instant> mine = decided.entrySet().stream().filter(e -> e.getKey().commune().equals(commune)).map(Map.Entry::getValue).toList();
                assertThat(mine.stream().filter(t -> !t.isBefore(rolling)).count()).as("%s %s rolling-90", today, commune).isGreaterThanOrEqualTo(5);
            }
        }
    }

    @Test
    void theStoryHasEveryStatusBothArchitectsAndSeveralTypes() {
        Scenario.Story story = scenario().plan(Scenario.SEED, LocalDate.parse("2026-12-03"));
        assertThat(story.dossiers()).extracting(DossierStory::fate).containsAll(EnumSet.allOf(Fate.class));
        assertThat(story.dossiers()).extracting(DossierStory::architect).contains("amina", "omar");
        assertThat(story.dossiers().stream().map(DossierStory::type).collect(Collectors.toSet()))
                .contains("BUILDING_SMALL", "BUILDING_LARGE", "RENOVATION", "HABITATION_PERMIT", "DEMOLITION", "SIMPLE_DECLARATION");
        assertThat(story.dossiers()).hasSizeBetween(25, 40);
        assertThat(story.dossiers()).filteredOn(DossierStory::arabicForm).hasSizeGreaterThan(5);
        assertThat(story.steps()).anySatisfy(s -> assertThat(s.action()).isInstanceOf(Step.Return.class));
        assertThat(story.steps()).anySatisfy(s -> assertThat(s.action()).isInstanceOf(Step.PayFees.class)
                .matches(a -> ((Step.PayFees) a).declinedFirst()));
        assertThat(story.steps()).anySatisfy(s -> assertThat(s.action()).isInstanceOf(Step.Upload.class)
                .matches(a -> ((Step.Upload) a).misfiled()));
        assertThat(story.dossiers().stream().map(d -> d.applicant().nameFr()).distinct()).hasSameSizeAs(story.dossiers());
        assertThat(story.from()).isBefore(LocalDate.parse("2026-12-03").minusDays(90));
    }

    /** Legal days of each signed dossier, counted from its steps as the workflow's legal clock counts them. */
    static Map<DossierStory, Integer> legalDays(Scenario.Story story) {
        Map<DossierStory, Integer> days = new HashMap<>();
        Map<DossierStory, LocalDate> running = new HashMap<>();
        for (Step s : story.steps()) {
            DossierStory d = s.dossier();
            LocalDate day = LocalDate.ofInstant(s.at(), MA);
            boolean stops = s.action() instanceof Step.Return || s.action() instanceof Step.Sign
                    || s.action() instanceof Step.DraftDecision dd && dd.permit() && d.hasFees();
            boolean starts = s.action() instanceof Step.Submit || s.action() instanceof Step.PayFees;
            if (starts) {
                running.put(d, day);
            } else if (stops && running.containsKey(d)) {
                days.merge(d, (int) java.time.temporal.ChronoUnit.DAYS.between(running.remove(d), day), Integer::sum);
            }
        }
        days.keySet().retainAll(story.steps().stream().filter(s -> s.action() instanceof Step.Sign).map(Step::dossier).toList());
        return days;
    }

    @Test
    void communesWorkAtDifferentPacesWithinTheDeadlines() {
        Scenario.Story story = scenario().plan(Scenario.SEED, LocalDate.parse("2026-12-03"));
        Map<DossierStory, Integer> days = legalDays(story);
        Map<String, Double> median = new HashMap<>();
        for (String commune : List.of("BML", "KTD", "KHB")) {
            List<Integer> small = days.entrySet().stream().filter(e -> e.getKey().commune().equals(commune) && !e.getKey().large())
                    .map(Map.Entry::getValue).sorted().toList();
            assertThat(small).allSatisfy(n -> assertThat(n).isLessThan(15));
            median.put(commune, small.size() % 2 == 1 ? small.get(small.size() / 2)
                    : (small.get(small.size() / 2 - 1) + small.get(small.size() / 2)) / 2.0);
        }
        assertThat(days.entrySet()).filteredOn(e -> e.getKey().large()).allSatisfy(e -> assertThat(e.getValue()).isLessThan(30));
        assertThat(median.get("BML")).as("%s", median).isLessThan(median.get("KTD"));
        assertThat(median.get("KTD")).as("%s", median).isLessThanOrEqualTo(median.get("KHB"));
    }

    @Test
    void theSameDayGivesTheSameStory() {
        LocalDate today = LocalDate.parse("2026-12-03");
        assertThat(describe(scenario().plan(Scenario.SEED, today))).isEqualTo(describe(scenario().plan(Scenario.SEED, today)));
    }

    private static List<String> describe(Scenario.Story story) {
        return story.steps().stream().map(s -> s.at() + " " + (s.dossier() == null ? "-" : s.dossier().key() + " "
                + s.dossier().applicant().nameFr() + " " + s.dossier().coveredArea()) + " "
                + (s.action() instanceof Step.DeadlineCheck c ? c.expected().stream().map(DossierStory::key).toList() : s.action()))
                .toList();
    }
}
