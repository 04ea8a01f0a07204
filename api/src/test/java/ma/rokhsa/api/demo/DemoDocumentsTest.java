package ma.rokhsa.api.demo;

import java.time.LocalDate;
import java.util.List;

import ma.rokhsa.signer.SignerSchedulers;
import ma.rokhsa.signer.render.OpenHtmlToPdfRenderer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's files: small PDFs whose text (as the extraction reads it) names the dossier's applicant,
 * place and land title, in French or, for Arabic forms, in Arabic; every file of a story is made quickly.
 */
class DemoDocumentsTest {

    static Scheduler scheduler;
    static DemoDocuments documents;

    @BeforeAll
    static void setUp() {
        scheduler = SignerSchedulers.newSignerScheduler(2, 1000);
        documents = new DemoDocuments(new OpenHtmlToPdfRenderer(scheduler), scheduler);
    }

    @AfterAll
    static void tearDown() {
        scheduler.dispose();
    }

    static String text(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
    }

    @Test
    void everyFileOfTheStoryNamesItsDossierAndIsMadeQuickly() throws Exception {
        Scenario.Story story = ScenarioTest.scenario().plan(Scenario.SEED, LocalDate.parse("2026-12-03"));
        List<Step> uploads = story.steps().stream().filter(s -> s.action() instanceof Step.Upload).toList();
        // Warm up (class loading, fonts), then time the whole story's files.
        documents.make(uploads.get(0).dossier(), "APPLICATION_FORM", 1, false, LocalDate.now()).block();
        long start = System.nanoTime();
        List<DemoDocuments.File> files = Flux.fromIterable(uploads).flatMapSequential(s -> {
            Step.Upload u = (Step.Upload) s.action();
            return documents.make(s.dossier(), u.kind(), u.version(), u.misfiled(), LocalDate.parse("2026-06-01"));
        }, 4).collectList().block();
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("%d demo files made in %d ms, %d KB in all%n", files.size(), ms,
                files.stream().mapToLong(f -> f.bytes().length).sum() / 1024);
        assertThat(files).hasSameSizeAs(uploads);
        for (int i = 0; i < uploads.size(); i++) {
            Step s = uploads.get(i);
            Step.Upload u = (Step.Upload) s.action();
            DemoDocuments.File f = files.get(i);
            assertThat(new String(f.bytes(), 0, 5)).isEqualTo("%PDF-");
            assertThat(f.bytes().length).as(f.name()).isLessThan(120_000);
            String text = text(f.bytes());
            if (u.kind().equals("APPLICATION_FORM") && s.dossier().arabicForm()) {
                assertThat(text).as(f.name()).contains(s.dossier().applicant().nameAr()).contains(s.dossier().address().quarter().ar())
                        .contains(s.dossier().titleNumber());
            } else if (List.of("APPLICATION_FORM", "PROPERTY_CERTIFICATE", "ARCHITECT_CONTRACT").contains(u.kind()) && !u.misfiled()) {
                assertThat(text).as(f.name()).contains(s.dossier().applicant().nameFr()).contains(s.dossier().titleNumber())
                        .contains(s.dossier().address().street().fr());
            }
        }
        assertThat(ms).isLessThan(20_000);
    }
}
