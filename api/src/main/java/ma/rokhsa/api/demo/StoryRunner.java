package ma.rokhsa.api.demo;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import static ma.rokhsa.api.demo.DemoClient.body;

/**
 * Plays the demo story through the API: the steps in time order, the clock set to each step's moment as
 * it starts. The steps of one day (in the legal time zone) run side by side, at most {@link #PARALLEL} at a
 * time: each dossier's one after the other (but its uploads, and the opinions of its commission's members,
 * together), and each signature key's procedure apart. The clock never goes back, so a step that starts
 * after a later one of its day, or still runs when one starts, is stamped later that day: never on
 * another day, which is what deadlines, lateness and the ranking count.
 *
 * <p>A step the application refuses ends its dossier's story (its later steps are skipped) and is counted
 * and logged; the other dossiers go on.
 */
final class StoryRunner {

    private static final Logger log = LoggerFactory.getLogger(StoryRunner.class);
    static final int PARALLEL = 4;
    private static final Pattern PIN = Pattern.compile("\\b(\\d{6,8})\\b");
    private static final Duration DOCUMENTS_CHECKED = Duration.ofSeconds(90);

    /** What the story did. */
    record Tally(int dossiers, int documents, int submissions, int opinions, int payments, int signatures, int tacitApprovals,
                 List<String> refused) {
    }

    private final DemoClient api;
    private final DemoDocuments documents;
    private final DemoClock clock;
    private final ZoneId zone;
    private final Map<String, String> keyIds = new ConcurrentHashMap<>();
    /** Steps and nanoseconds spent per kind of step (logged at debug level, to see where the time goes). */
    private final Map<String, long[]> timing = new ConcurrentHashMap<>();
    private final AtomicInteger dossiers = new AtomicInteger();
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicInteger submissions = new AtomicInteger();
    private final AtomicInteger opinions = new AtomicInteger();
    private final AtomicInteger payments = new AtomicInteger();
    private final AtomicInteger signatures = new AtomicInteger();
    private final AtomicInteger tacit = new AtomicInteger();
    private final List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());

    StoryRunner(DemoClient api, DemoDocuments documents, DemoClock clock, ZoneId zone) {
        this.api = api;
        this.documents = documents;
        this.clock = clock;
        this.zone = zone;
    }

    private long cpuAtStart;

    private static long processCpu() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    Mono<Tally> run(Scenario.Story story) {
        cpuAtStart = processCpu();
        return prepare(story).flatMap(files -> Flux.fromIterable(waves(story.steps()))
                        .concatMap(day -> play(day, files))
                        .then())
                .doOnSuccess(x -> log.debug("Demo data: time per step: {}; process CPU {} s", timing.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " " + e.getValue()[0] + " x " + e.getValue()[1] / e.getValue()[0] / 1_000_000 + " ms").toList(),
                        (processCpu() - cpuAtStart) / 1_000_000_000))
                .then(Mono.fromSupplier(() -> new Tally(dossiers.get(), uploads.get(), submissions.get(), opinions.get(),
                        payments.get(), signatures.get(), tacit.get(), List.copyOf(refused))));
    }

    /** Every file of the story, made before it starts (two at a time per scheduler thread). */
    private Mono<Map<Step, DemoDocuments.File>> prepare(Scenario.Story story) {
        long start = System.nanoTime();
        return Flux.fromIterable(story.steps())
                .filter(s -> s.action() instanceof Step.Upload)
                .flatMapSequential(s -> {
                    Step.Upload u = (Step.Upload) s.action();
                    return documents.make(s.dossier(), u.kind(), u.version(), u.misfiled(), LocalDate.ofInstant(s.at(), zone))
                            .map(f -> Map.entry(s, f));
                }, 4)
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .doOnNext(files -> log.debug("Demo data: {} files made in {} ms", files.size(), (System.nanoTime() - start) / 1_000_000));
    }

    /** The steps, day by day. */
    private List<List<Step>> waves(List<Step> steps) {
        Map<LocalDate, List<Step>> days = new LinkedHashMap<>();
        for (Step s : steps) {
            days.computeIfAbsent(LocalDate.ofInstant(s.at(), zone), k -> new ArrayList<>()).add(s);
        }
        return List.copyOf(days.values());
    }

    /** What must happen in order: a dossier's steps, a key's procedure, the contacts, the deadline passes. */
    private static Object lane(Step s) {
        if (s.dossier() != null) {
            return s.dossier();
        }
        Step.Action a = s.action();
        String holder = a instanceof Step.IssueKey k ? k.holder() : a instanceof Step.ShipKey k ? k.holder()
                : a instanceof Step.HandOverKey k ? k.holder() : a instanceof Step.ActivateKey k ? k.holder() : null;
        return holder != null ? "key " + holder : a.getClass();
    }

    /**
     * One day: its lanes side by side; in a lane, steps in order, except that consecutive uploads (or
     * opinions) of a dossier go together, as several people or browser tabs would.
     */
    private Mono<Void> play(List<Step> day, Map<Step, DemoDocuments.File> files) {
        Map<Object, List<List<Step>>> lanes = new LinkedHashMap<>();
        for (Step s : day) {
            List<List<Step>> lane = lanes.computeIfAbsent(lane(s), k -> new ArrayList<>());
            List<Step> last = lane.isEmpty() ? null : lane.get(lane.size() - 1);
            if (last != null && together(last.get(0), s)) {
                last.add(s);
            } else {
                lane.add(new ArrayList<>(List.of(s)));
            }
        }
        return Flux.fromIterable(lanes.values())
                .flatMap(lane -> Flux.fromIterable(lane)
                        .concatMap(batch -> Flux.fromIterable(batch).flatMap(s -> step(s, files)).then()), PARALLEL)
                .then();
    }

    private static boolean together(Step a, Step b) {
        return a.action().getClass() == b.action().getClass()
                && (a.action() instanceof Step.Upload || a.action() instanceof Step.GiveOpinion);
    }

    private Mono<Void> step(Step s, Map<Step, DemoDocuments.File> files) {
        return Mono.defer(() -> {
            if (s.dossier() != null && s.dossier().runtime().failed()) {
                return Mono.empty();
            }
            clock.moveTo(s.at());
            long t0 = System.nanoTime();
            return act(s, files).doOnSuccess(x -> timing.merge(s.action().getClass().getSimpleName(),
                    new long[] {1, System.nanoTime() - t0}, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}));
        }).onErrorResume(e -> {
            String what = (s.dossier() == null ? "platform" : s.dossier().key()) + " " + s.action().getClass().getSimpleName()
                    + ": " + e.getMessage();
            log.warn("Demo data: step refused, the rest of this dossier's story is skipped: {}", what);
            refused.add(what);
            if (s.dossier() != null) {
                s.dossier().runtime().fail(what);
            }
            return Mono.empty();
        });
    }

    private Mono<Void> act(Step s, Map<Step, DemoDocuments.File> files) {
        DossierStory d = s.dossier();
        Step.Action a = s.action();
        if (a instanceof Step.RegisterContact c) {
            return api.put(Scenario.ADMIN, "/api/provinces/{p}/contact", body("fullName", c.fullName(),
                    "title", "Chef de la division des collectivités territoriales", "phone", c.phone(),
                    "postalAddress", "Province de " + (c.province().equals("BM") ? "Béni Mellal" : "Khouribga"),
                    "email", c.username() + "@demo.rokhsa.ma", "username", c.username()), c.province()).then();
        } else if (a instanceof Step.IssueKey k) {
            return api.post(Scenario.ADMIN, "/api/signing-keys", body("holder", k.holder()))
                    .doOnNext(key -> keyIds.put(k.holder(), key.path("id").asString())).then();
        } else if (a instanceof Step.ShipKey k) {
            return api.post(Scenario.ADMIN, "/api/signing-keys/{id}/ship", null, key(k.holder())).then();
        } else if (a instanceof Step.HandOverKey k) {
            return api.post(k.contact(), "/api/signing-keys/{id}/handover", null, key(k.holder())).then();
        } else if (a instanceof Step.ActivateKey k) {
            return api.get(k.holder(), "/api/me/sms").flatMap(sms -> {
                Matcher m = PIN.matcher(sms.path(0).path("body").asString(""));
                if (!m.find()) {
                    return Mono.error(new IllegalStateException("no PIN in " + k.holder() + "'s text messages"));
                }
                return api.post(k.holder(), "/api/signing-keys/{id}/pin", body("oldPin", m.group(1), "newPin", Scenario.PIN), key(k.holder()));
            }).then();
        } else if (a instanceof Step.Create) {
            return api.post(d.architect(), "/api/dossiers", body("type", d.type(), "communeCode", d.commune(),
                            "title", d.title(), "applicant", body("name", d.applicant().civilFr(), "idNumber", d.applicant().idNumber(),
                                    "address", d.address().fr())))
                    .doOnNext(r -> {
                        d.runtime().created(UUID.fromString(r.path("id").asString()), r.path("reference").asString());
                        dossiers.incrementAndGet();
                    }).then();
        } else if (a instanceof Step.Upload u) {
            DemoDocuments.File f = files.get(s);
            return api.upload(d.architect(), d.runtime().id(), u.kind(), f.name(), f.bytes()).doOnNext(x -> uploads.incrementAndGet()).then();
        } else if (a instanceof Step.DeclareFigures) {
            return api.put(d.architect(), "/api/dossiers/{id}/figures",
                    body("coveredArea", d.coveredArea(), "worksCost", d.worksCost()), d.runtime().id()).then();
        } else if (a instanceof Step.Submit) {
            return documentsChecked(d)
                    .then(api.post(d.architect(), "/api/dossiers/{id}/submit", null, d.runtime().id()))
                    .doOnNext(r -> submissions.incrementAndGet()).then();
        } else if (a instanceof Step.Accept accept) {
            return api.post(accept.reviewer(), "/api/dossiers/{id}/accept", null, d.runtime().id()).then();
        } else if (a instanceof Step.Return r) {
            return api.post(r.reviewer(), "/api/dossiers/{id}/return", body("reasons", r.reasons()), d.runtime().id()).then();
        } else if (a instanceof Step.GiveOpinion o) {
            return api.post(o.member(), "/api/dossiers/{id}/opinions", body("opinion", o.opinion(),
                    "reasons", o.reasons(), "conditions", o.conditions()), d.runtime().id()).doOnNext(x -> opinions.incrementAndGet()).then();
        } else if (a instanceof Step.DraftDecision dd) {
            return api.post(dd.by(), "/api/dossiers/{id}/decision", body("outcome", dd.permit() ? "PERMIT" : "REFUSAL",
                    "reasons", dd.reasons().stream().map(t -> body("fr", t.fr(), "ar", t.ar())).toList()), d.runtime().id()).then();
        } else if (a instanceof Step.PayFees p) {
            return (p.declinedFirst() ? pay(d, false) : Mono.<URI>empty()).then(pay(d, true))
                    .flatMap(back -> back.toString().contains("result=ok") ? Mono.empty()
                            : Mono.error(new IllegalStateException("the sandbox gateway sent the payer back to " + back)))
                    .doOnSuccess(x -> payments.incrementAndGet()).then();
        } else if (a instanceof Step.Sign g) {
            return api.post(g.signatory(), "/api/dossiers/{id}/decision/sign", body("pin", Scenario.PIN), d.runtime().id())
                    .doOnNext(x -> signatures.incrementAndGet()).then();
        } else if (a instanceof Step.DeadlineCheck c) {
            return api.post(Scenario.ADMIN, "/api/admin/deadlines/check", null).doOnNext(report -> {
                List<String> approved = new ArrayList<>();
                report.path("deemedApproved").forEach(r -> approved.add(r.asString()));
                tacit.addAndGet(approved.size());
                for (DossierStory expected : c.expected()) {
                    if (!expected.runtime().failed() && !approved.contains(expected.runtime().reference())) {
                        refused.add(expected.key() + " was not deemed approved at " + s.at() + " (approved: " + approved + ")");
                    }
                }
            }).then();
        }
        return Mono.error(new IllegalStateException("unknown step " + a));
    }

    private String key(String holder) {
        String id = keyIds.get(holder);
        if (id == null) {
            throw new IllegalStateException("no signing key was issued to " + holder);
        }
        return id;
    }

    /** One payment on the gateway's page; where the payer is sent back. */
    private Mono<URI> pay(DossierStory d, boolean approve) {
        return api.post(d.architect(), "/api/dossiers/{id}/payments", null, d.runtime().id())
                .flatMap(started -> api.payOnGatewayPage(URI.create(started.path("redirectUrl").asString()), approve));
    }

    /** Waits until none of the dossier's documents is still being checked (the pipeline runs meanwhile). */
    private Mono<JsonNode> documentsChecked(DossierStory d) {
        return api.get(d.architect(), "/api/dossiers/{id}/checklist", d.runtime().id())
                .filter(c -> c.path("pending").isEmpty())
                .repeatWhenEmpty(Integer.MAX_VALUE, polls -> polls.delayElements(Duration.ofMillis(100)))
                .timeout(DOCUMENTS_CHECKED, Mono.error(() -> new IllegalStateException(
                        "the documents of " + d.key() + " were still being checked after " + DOCUMENTS_CHECKED.toSeconds() + " s")));
    }
}
