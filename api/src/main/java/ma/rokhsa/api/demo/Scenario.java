package ma.rokhsa.api.demo;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ma.rokhsa.api.deadline.LegalClock;
import ma.rokhsa.api.deadline.WorkingCalendar;
import ma.rokhsa.api.reference.Catalog;

/**
 * The demo story: three communes' dossiers over the last four months, each in the state it rests in today,
 * as a list of steps (who does what through the API, and when) sorted in time. Pure and deterministic:
 * the same seed and the same day give the same dossiers, people, figures, outcomes and dates relative to
 * that day. Deadlines are counted with the application's own legal clock, so a dossier meant to be decided
 * in time is, and the ones left to their fate are approved tacitly by the deadline pass planned for them.
 *
 * <p>Each commune decides seven dossiers spread evenly over the 84 days before today (so that the rolling
 * 90 days, the ranking's default period, holds at least five, {@code rokhsa.ranking.min-decided}; seven and not
 * twelve over six months, so that the first start loads in well under a minute), at its own
 * pace: Béni Mellal briskly, Kasba Tadla steadily, Khouribga slowly, with late opinions and tacit approvals.
 */
final class Scenario {

    /** The random seed of the demo story. */
    static final long SEED = 20_260_412L;
    /** The PIN of the demo signatories' keys once changed at first use (documented in the README). */
    static final String PIN = "24681357";
    static final String ADMIN = "admin";
    /** Commission members of the demo accounts, by organisation (no telecom operator: its opinions are always late). */
    static final Map<String, String> MEMBERS = Map.of("BM-AU", "karim", "BM-PC", "rachid", "BM-ONEE", "samira",
            "KG-AU", "khalid", "KG-PC", "imane", "KG-ONEE", "adil");
    static final Map<String, String> CONTACTS = Map.of("BM", "hassan", "KG", "driss");

    /** Decisions fall from this many days before today... */
    static final int FIRST_DECISION = 84;
    /** ...to this many. */
    static final int LAST_DECISION = 2;
    private static final int DECIDED_PER_COMMUNE = 7;

    /**
     * How fast a commune works, in working days: submission to dispatch (or return), dispatch to an opinion,
     * last opinion to the draft decision, fees paid (or refusal drafted) to the signature; and how often an
     * organisation answers a large project after its due date.
     */
    record Pace(int dispatchMin, int dispatchMax, int opinionMin, int opinionMax, int draftMin, int draftMax,
                int signMin, int signMax, int latePercent) {
    }

    static final Pace BRISK = new Pace(1, 1, 1, 4, 0, 1, 0, 1, 0);
    static final Pace STEADY = new Pace(1, 2, 2, 4, 0, 1, 1, 1, 30);
    static final Pace SLOW = new Pace(2, 3, 3, 6, 1, 2, 1, 2, 60);
    /** What a draw falls back to when it would miss a deadline it is meant to keep. */
    private static final Pace HURRIED = new Pace(1, 1, 1, 1, 0, 0, 0, 0, 0);

    /**
     * A dossier still open today: its fate, its type, and how many working days ago its last step happened
     * (for one in review, its dispatch to the commission).
     */
    record Open(Fate fate, String type, int daysAgo, String architect) {
    }

    /** One commune of the story and its staff. */
    record CommunePlan(String code, String province, String reviewer, String signatory, Pace pace, int offsetDays,
                       List<Fate> decided, List<String> decidedTypes, int returnedAmongDecided, List<Open> open) {
    }

    static final List<CommunePlan> COMMUNES = List.of(
            new CommunePlan("BML", "BM", "youssef", "fatima", BRISK, 0,
                    fates(Fate.ISSUED, 6, Fate.REFUSED, 1, Fate.DEEMED_APPROVED, 0),
                    types("BUILDING_SMALL", 3, "BUILDING_LARGE", 1, "RENOVATION", 1, "HABITATION_PERMIT", 1,
                            "SIMPLE_DECLARATION", 1), 1,
                    List.of(new Open(Fate.DRAFT, "BUILDING_SMALL", 3, "amina"), new Open(Fate.SUBMITTED, "BUILDING_SMALL", 1, "omar"),
                            new Open(Fate.FEES_PAID, "RENOVATION", 1, "amina"))),
            new CommunePlan("KTD", "BM", "nadia", "mustapha", STEADY, 5,
                    fates(Fate.ISSUED, 5, Fate.REFUSED, 1, Fate.DEEMED_APPROVED, 1),
                    types("BUILDING_SMALL", 3, "BUILDING_LARGE", 1, "RENOVATION", 1, "DEMOLITION", 1,
                            "SIMPLE_DECLARATION", 1), 1,
                    List.of(new Open(Fate.RETURNED, "BUILDING_SMALL", 3, "amina"), new Open(Fate.DECISION_DRAFTED, "BUILDING_SMALL", 1, "omar"),
                            new Open(Fate.FEES_DUE, "BUILDING_SMALL", 2, "amina"))),
            new CommunePlan("KHB", "KG", "salma", "leila", SLOW, 10,
                    fates(Fate.ISSUED, 3, Fate.REFUSED, 1, Fate.DEEMED_APPROVED, 3),
                    types("BUILDING_SMALL", 4, "BUILDING_LARGE", 1, "HABITATION_PERMIT", 1, "SIMPLE_DECLARATION", 1), 2,
                    List.of(new Open(Fate.DRAFT, "RENOVATION", 2, "omar"), new Open(Fate.IN_REVIEW, "BUILDING_LARGE", 16, "amina"),
                            new Open(Fate.IN_REVIEW, "BUILDING_SMALL", 4, "omar"))));

    /** The whole story: its first day, its dossiers, and every step in time order. */
    record Story(LocalDate from, List<DossierStory> dossiers, List<Step> steps) {

        Instant start() {
            return steps.get(0).at();
        }
    }

    private final Cast cast;
    private final Catalog catalog;
    private final LegalClock legal;
    private final ZoneId zone;
    private long order;

    Scenario(Cast cast, Catalog catalog, LegalClock legal) {
        this.cast = cast;
        this.catalog = catalog;
        this.legal = legal;
        this.zone = legal.zone();
    }

    /** The story that ends on {@code today}: every step is at the latest on the day before. */
    synchronized Story plan(long seed, LocalDate today) {
        order = 0;
        SplittableRandom master = new SplittableRandom(seed);
        Names names = new Names(master.split());
        List<DossierStory> dossiers = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        List<DeadlinePass> passes = new ArrayList<>();
        for (CommunePlan c : COMMUNES) {
            SplittableRandom communeRandom = master.split();
            List<Fate> fates = new ArrayList<>(c.decided());
            List<String> types = typesFor(fates, c.decidedTypes(), communeRandom);
            List<Integer> returned = new ArrayList<>();
            for (int i = 0; i < fates.size(); i++) {
                returned.add(i);
            }
            Collections.shuffle(returned, new java.util.Random(communeRandom.nextLong()));
            returned = returned.subList(0, c.returnedAmongDecided());
            double spacing = (FIRST_DECISION - LAST_DECISION - 10) / (double) (DECIDED_PER_COMMUNE - 1);
            int n = 0;
            for (int i = 0; i < fates.size(); i++) {
                LocalDate decisionDay = today.minusDays(FIRST_DECISION - c.offsetDays() - Math.round(i * spacing));
                DossierStory d = dossier(c, ++n, types.get(i), fates.get(i), architectOf(communeRandom), names, communeRandom);
                Script s = planTowards(d, c, decisionDay, returned.contains(i), today, communeRandom.split());
                dossiers.add(d);
                steps.addAll(s.steps);
                if (s.pass != null) {
                    passes.add(s.pass);
                }
            }
            for (Open o : c.open()) {
                DossierStory d = dossier(c, ++n, o.type(), o.fate(), o.architect(), names, communeRandom);
                // Counted in working days, so that an official's last step is not aimed at a weekend.
                LocalDate target = calendar().addWorkingDays(today, -o.daysAgo());
                Script s = planTowards(d, c, target, o.fate() == Fate.RETURNED, today, communeRandom.split());
                dossiers.add(d);
                steps.addAll(s.steps);
            }
        }
        // Tacit approvals: a pass of the deadline watcher just after midnight of the day after the deadline.
        for (DeadlinePass p : passes) {
            steps.add(new Step(p.at(), order++, null, new Step.DeadlineCheck(List.of(p.dossier()))));
        }
        LocalDate from = steps.stream().map(Step::at).min(Comparator.naturalOrder()).map(this::day).orElseThrow().minusDays(3);
        steps.addAll(keys(from));
        steps.sort(Comparator.comparing(Step::at).thenComparingLong(Step::order));
        return new Story(from, List.copyOf(dossiers), List.copyOf(steps));
    }

    // ---------------------------------------------------------------------------------------------------
    // Who and what

    private static List<Fate> fates(Fate a, int na, Fate b, int nb, Fate c, int nc) {
        List<Fate> list = new ArrayList<>();
        list.addAll(Collections.nCopies(na, a));
        list.addAll(Collections.nCopies(nb, b));
        list.addAll(Collections.nCopies(nc, c));
        return List.copyOf(list);
    }

    private static List<String> types(Object... typeAndCount) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < typeAndCount.length; i += 2) {
            list.addAll(Collections.nCopies((Integer) typeAndCount[i + 1], (String) typeAndCount[i]));
        }
        return List.copyOf(list);
    }

    /**
     * Pairs the fates with types and shuffles both the same way: refusals are small buildings (the urban
     * agency's binding opinion), tacit approvals small buildings or declarations left without an opinion.
     */
    private static List<String> typesFor(List<Fate> fates, List<String> available, SplittableRandom r) {
        List<String> left = new ArrayList<>(available);
        String[] types = new String[fates.size()];
        for (int i = 0; i < fates.size(); i++) {
            if (fates.get(i) == Fate.REFUSED || fates.get(i) == Fate.DEEMED_APPROVED) {
                String t = fates.get(i) == Fate.DEEMED_APPROVED && i % 2 == 1 && left.contains("SIMPLE_DECLARATION")
                        ? "SIMPLE_DECLARATION" : "BUILDING_SMALL";
                left.remove(t);
                types[i] = t;
            }
        }
        Collections.shuffle(left, new java.util.Random(r.nextLong()));
        for (int i = 0, j = 0; i < fates.size(); i++) {
            if (types[i] == null) {
                types[i] = left.get(j++);
            }
        }
        // Shuffle fate and type together, so that outcomes are not in a fixed order in time.
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < fates.size(); i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, new java.util.Random(r.nextLong()));
        List<Fate> f = new ArrayList<>();
        List<String> t = new ArrayList<>();
        for (int i : idx) {
            f.add(fates.get(i));
            t.add(types[i]);
        }
        fates.clear();
        fates.addAll(f);
        return t;
    }

    private static String architectOf(SplittableRandom r) {
        return r.nextInt(100) < 60 ? "amina" : "omar";
    }

    /** Applicants never repeat within the story. */
    private final class Names {
        private final List<int[]> pairs = new ArrayList<>();
        private int next;

        Names(SplittableRandom r) {
            for (int i = 0; i < cast.firstNames().size(); i++) {
                for (int j = 0; j < cast.lastNames().size(); j++) {
                    pairs.add(new int[] {i, j});
                }
            }
            Collections.shuffle(pairs, new java.util.Random(r.nextLong()));
        }

        DossierStory.Person next(SplittableRandom r) {
            int[] p = pairs.get(next++);
            Cast.FirstName first = cast.firstNames().get(p[0]);
            Cast.Text last = cast.lastNames().get(p[1]);
            String id = "IJKLMNQ".charAt(r.nextInt(7)) + Integer.toString(100_000 + r.nextInt(900_000));
            return new DossierStory.Person(first.fr() + " " + last.fr(), first.ar() + " " + last.ar(), first.female(), id);
        }
    }

    private DossierStory dossier(CommunePlan c, int n, String type, Fate fate, String architect, Names names, SplittableRandom r) {
        Cast.Places places = cast.places(c.code());
        DossierStory.Person applicant = names.next(r);
        DossierStory.Address address = new DossierStory.Address(1 + r.nextInt(240), pick(places.streets(), r),
                pick(places.quarters(), r), places.name());
        boolean large = catalog.type(type).orElseThrow().largeProject();
        String titleNumber = (10_000 + r.nextInt(89_999)) + "/" + (c.province().equals("KG") ? "12" : "10");
        String title = pick(cast.titles().get(type), r);
        int land;
        Map<String, BigDecimal> covered = new LinkedHashMap<>();
        BigDecimal works = null;
        if (type.equals("BUILDING_SMALL")) {
            land = 120 + 10 * r.nextInt(40);
            int floors = title.contains("R+2") ? 3 : 2;
            int built = (int) Math.round(land * (0.55 + 0.2 * r.nextDouble()) * floors);
            if (title.contains("commerce")) {
                covered.put("COMMERCIAL", BigDecimal.valueOf(built / floors));
                covered.put("HOUSING_INDIVIDUAL", BigDecimal.valueOf(built - built / floors));
            } else {
                covered.put("HOUSING_INDIVIDUAL", BigDecimal.valueOf(built));
            }
            works = BigDecimal.valueOf(built * (3_200L + 100L * r.nextInt(10)));
        } else if (type.equals("BUILDING_LARGE")) {
            land = 1_200 + 100 * r.nextInt(40);
            int built = (int) Math.round(land * (1.4 + r.nextDouble()));
            String use = title.contains("Clinique") ? "PROFESSIONAL" : title.contains("commercial") ? "COMMERCIAL" : "HOUSING_COLLECTIVE";
            covered.put(use, BigDecimal.valueOf(built));
            works = BigDecimal.valueOf(built * (4_000L + 100L * r.nextInt(10)));
        } else {
            land = 80 + 10 * r.nextInt(30);
        }
        boolean arabic = r.nextInt(100) < 40;
        return new DossierStory(c.code() + "-" + (n < 10 ? "0" : "") + n, c.code(), type, large, architect, fate, title,
                applicant, address, titleNumber, land, Map.copyOf(covered), works, arabic, new DossierStory.Runtime());
    }

    private static <T> T pick(List<T> list, SplittableRandom r) {
        return list.get(r.nextInt(list.size()));
    }

    // ---------------------------------------------------------------------------------------------------
    // When

    /** A deadline pass planned to approve one dossier tacitly. */
    private record DeadlinePass(Instant at, DossierStory dossier) {
    }

    /**
     * Plans a dossier so that its last step (its decision, for a decided one) falls on {@code target}, or as
     * near as the calendar allows: the plans of the submission days around a first guess are compared (a
     * day's shift can move the end by a week across a weekend and a holiday), at the commune's pace first,
     * hurried if that would miss the deadline.
     */
    private Script planTowards(DossierStory d, CommunePlan c, LocalDate target, boolean returnFirst, LocalDate today,
                               SplittableRandom random) {
        long seed = random.nextLong();
        LocalDate guess = target.minusDays(typicalDays(d, c.pace(), returnFirst));
        Instant midnight = at(today, LocalTime.MIDNIGHT);
        Script best = null;
        long bestMiss = Long.MAX_VALUE;
        for (Pace pace : quicker(c.pace())) {
            for (int shift = 0; shift <= 4 * SEARCH_DAYS; shift++) {
                // 0, -1, +1, -2, +2... then earlier only (a later one would end after today): the nearest wins a tie.
                int offset = shift <= 2 * SEARCH_DAYS ? (shift + 1) / 2 * (shift % 2 == 0 ? 1 : -1) : SEARCH_DAYS - shift;
                Script s = plan(d, c, guess.plusDays(offset), returnFirst, pace, today, new SplittableRandom(seed));
                if (late(s, today) || !s.cursor.isBefore(midnight)) {
                    continue;
                }
                long miss = Math.abs(ChronoUnit.DAYS.between(target, s.lastDay()));
                if (miss < bestMiss) {
                    best = s;
                    bestMiss = miss;
                }
            }
            if (best != null && bestMiss <= 1) {
                break;
            }
        }
        if (best == null) {
            throw new IllegalStateException("demo story: " + d.key() + " (" + d.fate() + ", " + d.type()
                    + ") cannot be planned to end near " + target + " within its deadline and before " + today);
        }
        return best;
    }

    private static final int SEARCH_DAYS = 12;

    /** The commune's pace, then the quicker ones, for a dossier that its own pace would decide too late. */
    private static List<Pace> quicker(Pace pace) {
        List<Pace> all = List.of(SLOW, STEADY, BRISK, HURRIED);
        return all.subList(all.indexOf(pace), all.size());
    }

    /**
     * Whether the dossier would miss the deadline it is meant to keep: a decided one (but a tacit approval)
     * must be decided with a day to spare, an open one must still be in time today.
     */
    private boolean late(Script s, LocalDate today) {
        Fate f = s.d.fate();
        if (f == Fate.DEEMED_APPROVED || f == Fate.DRAFT) {
            return false;
        }
        return f.decided() ? s.legalDays(null) >= deadline(s.d) : s.legalDays(today) >= deadline(s.d);
    }

    private int deadline(DossierStory d) {
        return legal.rule(d.large() ? "decision-large" : "decision-small").days();
    }

    /** A first guess of the days from submission to the plan's target (the iteration corrects it). */
    private static int typicalDays(DossierStory d, Pace p, boolean returnFirst) {
        int working = p.dispatchMax() + (p.opinionMin() + p.opinionMax()) / 2 + p.draftMax() + p.signMax();
        int days = switch (d.fate()) {
            case DRAFT -> -2;
            case SUBMITTED -> 0;
            case RETURNED -> p.dispatchMax() + 1;
            case IN_REVIEW -> p.dispatchMax() + 1;
            case DEEMED_APPROVED -> 16;
            default -> d.large() ? 27 : 2 + working * 7 / 5;
        };
        return Math.max(0, days + (returnFirst && d.fate() != Fate.RETURNED ? 6 : 0));
    }

    /** One dossier's steps, in order, and its legal clock (periods, as the workflow will record them). */
    private final class Script {
        final DossierStory d;
        final SplittableRandom r;
        final List<Step> steps = new ArrayList<>();
        final List<Instant[]> periods = new ArrayList<>();
        Instant cursor = Instant.EPOCH;
        DeadlinePass pass;
        /** The day the plan is aimed at, when it is not the last step's (a dossier in review: its dispatch). */
        LocalDate anchor;

        Script(DossierStory d, SplittableRandom r) {
            this.d = d;
            this.r = r;
        }

        Instant add(Instant at, Step.Action action) {
            Instant when = at.isAfter(cursor) ? at : cursor.plus(Duration.ofMinutes(2 + r.nextInt(12)));
            steps.add(new Step(when, order++, d, action));
            cursor = when;
            return when;
        }

        /** A few minutes after the previous step. */
        Instant soon(Step.Action action) {
            return add(cursor.plus(Duration.ofSeconds(40 + r.nextInt(200))), action);
        }

        void clockRuns(Instant at) {
            periods.add(new Instant[] {at, null});
        }

        void clockStops(Instant at) {
            periods.get(periods.size() - 1)[1] = at;
        }

        boolean clockRunning() {
            return !periods.isEmpty() && periods.get(periods.size() - 1)[1] == null;
        }

        /**
         * Legal days used (calendar days per period, as LegalClock counts them): up to the last step, or, with
         * {@code today}, with the running period counted up to then.
         */
        int legalDays(LocalDate today) {
            int days = 0;
            for (Instant[] p : periods) {
                LocalDate end = p[1] != null ? day(p[1]) : today != null ? today : day(cursor);
                days += (int) ChronoUnit.DAYS.between(day(p[0]), end);
            }
            return days;
        }

        /** The last day allowed by the decision deadline of the running period. */
        LocalDate decisionDue() {
            int used = 0;
            for (int i = 0; i < periods.size() - 1; i++) {
                used += (int) ChronoUnit.DAYS.between(day(periods.get(i)[0]), day(periods.get(i)[1]));
            }
            return day(periods.get(periods.size() - 1)[0]).plusDays(deadline(d) - used);
        }

        LocalDate lastDay() {
            return anchor != null ? anchor : pass != null ? day(pass.at()) : day(cursor);
        }
    }

    private Script plan(DossierStory d, CommunePlan c, LocalDate submitDay, boolean returnFirst, Pace p, LocalDate today,
                        SplittableRandom r) {
        Script s = new Script(d, r);
        Catalog.DossierType type = catalog.type(d.type()).orElseThrow();
        // Filed in the evening, one to three days before the submission.
        s.add(architect(submitDay.minusDays(1 + r.nextInt(3)), 17, 21, r), new Step.Create());
        List<String> kinds = new ArrayList<>(type.requiredKinds());
        if (d.fate() == Fate.DRAFT) {
            // A draft in progress: its last two documents still missing, and one of them filed by mistake as a
            // plan sheet, which the checks reject (the checklist shows it).
            List<String> missing = kinds.subList(Math.max(1, kinds.size() - 2), kinds.size());
            for (String kind : kinds.subList(0, Math.max(1, kinds.size() - 2))) {
                s.soon(new Step.Upload(kind, 1, false));
            }
            missing.stream().filter(k -> catalog.kind(k).orElseThrow().maxSheetMm() > 0).findFirst()
                    .ifPresent(k -> s.soon(new Step.Upload(k, 1, true)));
            return s;
        }
        for (String kind : kinds) {
            s.soon(new Step.Upload(kind, 1, false));
        }
        if (!d.coveredArea().isEmpty()) {
            s.soon(new Step.DeclareFigures());
        }
        s.clockRuns(s.add(architect(submitDay, 8, 20, r), new Step.Submit()));
        if (d.fate() == Fate.SUBMITTED) {
            return s;
        }
        LocalDate base = submitDay;
        if (returnFirst) {
            LocalDate returnDay = workingDays(base, between(p.dispatchMin(), p.dispatchMax(), r));
            Cast.Return why = pick(cast.returns().stream().filter(x -> type.accepts(x.kind())).toList(), r);
            s.clockStops(s.add(staff(returnDay, 9, 10, r), new Step.Return(c.reviewer(), List.of(why.reason()))));
            if (d.fate() == Fate.RETURNED) {
                return s;
            }
            base = returnDay.plusDays(2 + r.nextInt(5));
            s.add(architect(base, 17, 20, r), new Step.Upload(why.kind(), 2, false));
            s.clockRuns(s.soon(new Step.Submit()));
        }

        LocalDate acceptDay = workingDays(base, between(p.dispatchMin(), p.dispatchMax(), r));
        s.add(staff(acceptDay, 9, 10, r), new Step.Accept(c.reviewer()));
        if (d.fate() == Fate.IN_REVIEW) {
            s.anchor = acceptDay;
        }
        LegalClock.Rule rule = legal.rule("opinions");
        LocalDate opinionsDue = rule.count() == LegalClock.DayCount.WORKING
                ? calendar().addWorkingDays(acceptDay, rule.days()) : acceptDay.plusDays(rule.days());
        boolean refusal = d.fate() == Fate.REFUSED || d.fate() == Fate.DECISION_DRAFTED;
        boolean tacit = d.fate() == Fate.DEEMED_APPROVED;
        List<String> organisations = type.commission().stream().map(k -> c.province() + "-" + k).sorted().toList();
        // A tacit approval: one organisation never answers, and the commune waits for it past the deadline.
        String silent = tacit ? pick(organisations.stream().filter(MEMBERS::containsKey).toList(), r) : null;
        LocalDate ready = acceptDay;
        List<Opinion> opinions = new ArrayList<>();
        for (String org : organisations) {
            String member = MEMBERS.get(org);
            if (member == null || org.equals(silent)) {
                ready = later(ready, workingDays(opinionsDue, 1));
                continue;
            }
            boolean late = d.large() && r.nextInt(100) < p.latePercent();
            LocalDate day = session(late ? workingDays(opinionsDue, 1 + r.nextInt(3))
                    : workingDays(acceptDay, Math.min(rule.days() - 2, between(p.opinionMin(), p.opinionMax(), r))), COMMISSION_DAYS);
            boolean binding = org.endsWith("-AU");
            String opinion = refusal && binding ? "UNFAVOURABLE" : r.nextInt(100) < 35 ? "FAVOURABLE_WITH_CONDITIONS" : "FAVOURABLE";
            List<String> reasons = switch (opinion) {
                case "UNFAVOURABLE" -> List.of(pick(cast.refusals(), r).fr());
                case "FAVOURABLE_WITH_CONDITIONS" -> List.of("Avis favorable sous réserve des conditions ci-dessous.");
                default -> List.of();
            };
            String conditions = opinion.equals("FAVOURABLE_WITH_CONDITIONS") ? pick(cast.conditions(), r) : null;
            opinions.add(new Opinion(day, new Step.GiveOpinion(member, opinion, reasons, conditions)));
            ready = later(ready, day);
        }
        opinions.sort(Comparator.comparing(Opinion::day));
        if (tacit) {
            LocalDate due = s.decisionDue();
            Instant at = at(due.plusDays(1), LocalTime.of(0, 5).plusSeconds(r.nextInt(35 * 60)));
            for (Opinion o : opinions) {
                Instant given = staff(o.day(), 10, 11, r);
                if (given.isBefore(at)) {
                    s.add(given, o.action());
                }
            }
            s.pass = new DeadlinePass(at, d);
            return s;
        }
        if (d.fate() == Fate.IN_REVIEW) {
            // Still in review: the opinions given before today, the others awaited (or late).
            for (Opinion o : opinions) {
                if (o.day().isBefore(today)) {
                    s.add(staff(o.day(), 10, 11, r), o.action());
                }
            }
            return s;
        }
        for (Opinion o : opinions) {
            s.add(staff(o.day(), 10, 11, r), o.action());
        }
        LocalDate draftDay = workingDays(ready, between(p.draftMin(), p.draftMax(), r));
        boolean permit = !refusal;
        List<Cast.Text> reasons = permit ? List.of(pick(cast.prescriptions(), r)) : List.of(pick(cast.refusals(), r));
        Instant drafted = s.add(staff(draftDay, 11, 12, r), new Step.DraftDecision(c.reviewer(), permit, reasons));
        if (permit && d.hasFees()) {
            s.clockStops(drafted);
        }
        if (d.fate() == Fate.DECISION_DRAFTED || d.fate() == Fate.FEES_DUE) {
            return s;
        }
        LocalDate signFrom = draftDay;
        if (permit && d.hasFees()) {
            LocalDate payDay = draftDay.plusDays(r.nextInt(4));
            s.clockRuns(s.add(architect(payDay, 8, 22, r), new Step.PayFees(r.nextInt(100) < 15)));
            if (d.fate() == Fate.FEES_PAID) {
                return s;
            }
            signFrom = payDay;
        }
        s.clockStops(s.add(staff(session(workingDays(signFrom, between(p.signMin(), p.signMax(), r)), SIGNING_DAYS), 14, 16, r),
                new Step.Sign(c.signatory())));
        return s;
    }

    private record Opinion(LocalDate day, Step.GiveOpinion action) {
    }

    /** The signature keys of the three presidents, through the circular's procedure, before the story starts. */
    private List<Step> keys(LocalDate from) {
        SplittableRandom r = new SplittableRandom(SEED);
        List<Step> steps = new ArrayList<>();
        LocalDate day = workingDays(from, 0);
        Instant t = at(day, LocalTime.of(9, 10));
        steps.add(new Step(t, order++, null, new Step.RegisterContact("BM", "hassan", "Hassan Ouali", "+212600000005")));
        steps.add(new Step(t.plusSeconds(300), order++, null, new Step.RegisterContact("KG", "driss", "Driss Fassi", "+212600000012")));
        List<CommunePlan> communes = COMMUNES;
        for (int i = 0; i < communes.size(); i++) {
            steps.add(new Step(t.plusSeconds(900 + 120L * i), order++, null, new Step.IssueKey(communes.get(i).signatory())));
        }
        for (int i = 0; i < communes.size(); i++) {
            steps.add(new Step(at(day, LocalTime.of(15, 30)).plusSeconds(60L * i), order++, null, new Step.ShipKey(communes.get(i).signatory())));
        }
        LocalDate handover = workingDays(day, 1);
        for (int i = 0; i < communes.size(); i++) {
            CommunePlan c = communes.get(i);
            steps.add(new Step(at(handover, LocalTime.of(10, 0)).plusSeconds(r.nextInt(3600)), order++, null,
                    new Step.HandOverKey(c.signatory(), CONTACTS.get(c.province()))));
        }
        for (int i = 0; i < communes.size(); i++) {
            steps.add(new Step(at(handover, LocalTime.of(14, 0)).plusSeconds(r.nextInt(3600)), order++, null,
                    new Step.ActivateKey(communes.get(i).signatory())));
        }
        return steps;
    }

    // ---------------------------------------------------------------------------------------------------
    // Calendar

    private WorkingCalendar calendar() {
        return legal.calendar();
    }

    /** The n-th working day after {@code day}; for 0, {@code day} itself if it is a working day, else the next one. */
    private LocalDate workingDays(LocalDate day, int n) {
        if (n == 0) {
            return calendar().isWorkingDay(day) ? day : calendar().addWorkingDays(day, 1);
        }
        return calendar().addWorkingDays(day, n);
    }

    /** Commissions meet on Tuesdays and Thursdays; presidents sign on Wednesdays and Fridays. */
    private static final java.util.Set<java.time.DayOfWeek> COMMISSION_DAYS = java.util.EnumSet.of(java.time.DayOfWeek.TUESDAY,
            java.time.DayOfWeek.THURSDAY);
    private static final java.util.Set<java.time.DayOfWeek> SIGNING_DAYS = java.util.EnumSet.of(java.time.DayOfWeek.WEDNESDAY,
            java.time.DayOfWeek.FRIDAY);

    /** The first working day on or after {@code day} that is one of a session's weekdays. */
    private LocalDate session(LocalDate day, java.util.Set<java.time.DayOfWeek> weekdays) {
        LocalDate d = workingDays(day, 0);
        while (!weekdays.contains(d.getDayOfWeek())) {
            d = calendar().addWorkingDays(d, 1);
        }
        return d;
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static int between(int min, int max, SplittableRandom r) {
        return min + r.nextInt(max - min + 1);
    }

    /** An official's moment: on a working day (the next one if {@code day} is not), between the hours. */
    private Instant staff(LocalDate day, int fromHour, int toHour, SplittableRandom r) {
        return at(workingDays(day, 0), LocalTime.of(fromHour, 0).plusSeconds(r.nextInt((toHour - fromHour + 1) * 3600 - 60)));
    }

    /** An architect's moment: any day, between the hours. */
    private Instant architect(LocalDate day, int fromHour, int toHour, SplittableRandom r) {
        return at(day, LocalTime.of(fromHour, 0).plusSeconds(r.nextInt((toHour - fromHour + 1) * 3600 - 60)));
    }

    private Instant at(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(zone).toInstant();
    }

    private LocalDate day(Instant i) {
        return LocalDate.ofInstant(i, zone);
    }
}
