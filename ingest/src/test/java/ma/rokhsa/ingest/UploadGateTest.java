package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UploadGateTest {

    private static KindRule rule(String kind) {
        return switch (kind) {
            case "plans" -> KindRule.plans();
            case "forms" -> KindRule.forms();
            case "photos" -> KindRule.photos();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0} as {1}: {2} {3}")
    @CsvSource({
            "demande-ar.pdf,      plans,  application/pdf,         ''",
            "certificat-fr.pdf,   forms,  application/pdf,         ''",
            "demande-ar-scan.jpg, forms,  image/jpeg,              ''",
            "demande-ar-scan.jpg, plans,  image/jpeg,              TYPE_NOT_ACCEPTED",
            "photo.png,           photos, image/png,               ''",
            "elf-executable.pdf,  plans,  application/x-sharedlib, EXECUTABLE_REFUSED",
            "elf-executable.pdf,  photos, application/x-sharedlib, EXECUTABLE_REFUSED",
            "png-named.pdf,       plans,  image/png,               CONTENT_MISMATCH",
            "png-named.pdf,       forms,  image/png,               CONTENT_MISMATCH",
            "png-named.jpg,       photos, image/png,               CONTENT_MISMATCH",
            "zip-bomb.zip,        plans,  application/zip,         ARCHIVE_REFUSED",
            "zip-bomb.pdf,        plans,  application/zip,         ARCHIVE_REFUSED",
            "zip-bomb.pdf,        photos, application/zip,         ARCHIVE_REFUSED",
            "plans.docx,          plans,  application/vnd.openxmlformats-officedocument.wordprocessingml.document, TYPE_NOT_ACCEPTED",
            "truncated.pdf,       plans,  application/pdf,         ''",
            "encrypted.pdf,       plans,  application/pdf,         ''",
    })
    void refusesFromTheFirstBytes(String fixture, String kind, String type, String code) throws IOException {
        byte[] head = Fixtures.head(fixture);
        GateVerdict verdict = UploadGate.inspect(head, head.length, fixture, rule(kind));
        assertThat(verdict.mediaType()).isEqualTo(type);
        assertThat(verdict.problems()).extracting(p -> p.code().name())
                .containsExactlyElementsOf(code.isEmpty() ? List.of() : List.of(code));
        assertThat(verdict.accepted()).isEqualTo(verdict.problems().stream().noneMatch(Problem::isError));
    }

    @Test
    void mislabelledButAcceptableTypeIsOnlyAWarning() throws IOException {
        byte[] head = Fixtures.head("png-named.jpg");
        GateVerdict verdict = UploadGate.inspect(head, head.length, "png-named.jpg", KindRule.photos());
        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.message()).contains("png-named.jpg", "JPEG image", "PNG image");
        });
    }

    @Test
    void messagesSayWhatToFix() throws IOException {
        byte[] elf = Fixtures.head("elf-executable.pdf");
        assertThat(UploadGate.inspect(elf, elf.length, "plans.pdf", KindRule.plans()).problems().get(0).message())
                .isEqualTo("plans.pdf is a Linux program, not a document: programs and scripts are never accepted."
                        + " Upload the document itself (PDF).");
        byte[] png = Fixtures.head("png-named.pdf");
        assertThat(UploadGate.inspect(png, png.length, "facade.pdf", KindRule.plans()).problems().get(0).message())
                .isEqualTo("facade.pdf is named like a PDF but its content is a PNG image. Plans accept PDF:"
                        + " export the document in that format and upload it again.");
    }

    @Test
    void zipBombIsRefusedWithoutInflating() throws IOException {
        byte[] head = Fixtures.head("zip-bomb.pdf");
        assertThat(head.length).isLessThan(4096); // the whole 2 GiB bomb fits in the first bytes
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            UploadGate.inspect(head, head.length, "plans.pdf", KindRule.plans());
        }
        // Inflating the bomb once takes seconds of CPU (unzip: about 15 s here); 100 verdicts take about 0.1 s.
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void windowsProgramIsRefusedWhateverItsName() {
        byte[] pe = new byte[512];
        pe[0] = 'M';
        pe[1] = 'Z';
        pe[0x3c] = (byte) 0x80;
        pe[0x80] = 'P';
        pe[0x81] = 'E';
        GateVerdict verdict = UploadGate.inspect(pe, pe.length, "plan.pdf", KindRule.plans());
        assertThat(verdict.mediaType()).startsWith("application/x-msdownload");
        assertThat(verdict.problems()).extracting(Problem::code).containsExactly(ProblemCode.EXECUTABLE_REFUSED);
    }

    @Test
    void shellScriptNamedPdfIsRefused() {
        byte[] script = "#!/bin/sh\nrm -rf /\n".getBytes();
        GateVerdict verdict = UploadGate.inspect(script, script.length, "plan.pdf", KindRule.plans());
        assertThat(verdict.problems()).extracting(Problem::code).containsExactly(ProblemCode.EXECUTABLE_REFUSED);
    }

    @Test
    void plainZipNamedDocxIsAnArchiveNotADocument() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("photos/facade.jpg"));
            zip.write(new byte[1000]);
            zip.closeEntry();
        }
        byte[] b = bytes.toByteArray();
        KindRule docs = KindRule.forms().withAcceptedTypes(
                java.util.Set.of("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
        GateVerdict verdict = UploadGate.inspect(b, b.length, "note.docx", docs);
        assertThat(verdict.mediaType()).isEqualTo("application/zip");
        assertThat(verdict.problems()).extracting(Problem::code).containsExactly(ProblemCode.ARCHIVE_REFUSED);
        // The real Word document passes for a kind that accepts Word documents.
        byte[] docx = Fixtures.head("plans.docx");
        assertThat(UploadGate.inspect(docx, docx.length, "note.docx", docs).accepted()).isTrue();
        // ... and is recognised from its entry names (never inflated) even under a wrong name.
        assertThat(UploadGate.inspect(docx, docx.length, "note.zip", docs).mediaType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }

    @Test
    void shortHeadIsEnoughWhenTheUploadIsShort() {
        byte[] head = "%PDF-1.7\n".getBytes();
        assertThat(UploadGate.inspect(head, head.length, "x.pdf", KindRule.plans()).accepted()).isTrue();
        assertThat(UploadGate.inspect(new byte[16], 0, "x.pdf", KindRule.plans()).problems()).isEmpty();
    }

    @Test
    void lengthChecks() {
        assertThat(UploadGate.checkLength(0, true, "plans.pdf", KindRule.plans()))
                .extracting(Problem::code).containsExactly(ProblemCode.EMPTY_FILE);
        assertThat(UploadGate.checkLength(0, false, "plans.pdf", KindRule.plans())).isEmpty();
        assertThat(UploadGate.checkLength(51L << 20, false, "photo.jpg", KindRule.photos()))
                .singleElement().satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ProblemCode.FILE_TOO_LARGE);
                    assertThat(p.message()).contains("50 MB", "photos");
                });
        assertThat(UploadGate.checkLength(10, true, "plans.pdf", KindRule.plans())).isEmpty();
    }
}
