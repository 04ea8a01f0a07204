package ma.rokhsa.signer.render;

import ma.rokhsa.signer.Samples;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.sax.BodyContentHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class OpenHtmlToPdfRendererTest {

    static Scheduler scheduler;
    static OpenHtmlToPdfRenderer renderer;

    @BeforeAll
    static void setUp() {
        scheduler = ma.rokhsa.signer.SignerSchedulers.newSignerScheduler(2, 16);
        renderer = new OpenHtmlToPdfRenderer(scheduler);
    }

    @AfterAll
    static void tearDown() {
        scheduler.dispose();
    }

    static String pdfboxText(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    static String tikaText(byte[] pdf) throws Exception {
        BodyContentHandler handler = new BodyContentHandler(-1);
        new PDFParser().parse(new ByteArrayInputStream(pdf), handler, new Metadata(), new ParseContext());
        return handler.toString();
    }

    static void png(byte[] pdf, String name) throws Exception {
        Path dir = Path.of("target", "rendered");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".pdf"), pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            ImageIO.write(new PDFRenderer(doc).renderImageWithDPI(0, 110), "png", dir.resolve(name + ".png").toFile());
        }
    }

    static void assertFontsEmbedded(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            for (PDPage page : doc.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertThat(font.isEmbedded()).as("font %s embedded", font.getName()).isTrue();
                }
            }
        }
    }

    @Test
    void receiptCarriesArabicAndFrenchInLogicalOrderWithDocumentHashes() throws Exception {
        byte[] pdf = renderer.render(Samples.receipt()).block();
        png(pdf, "receipt");
        assertFontsEmbedded(pdf);
        for (String text : new String[]{pdfboxText(pdf), tikaText(pdf)}) {
            String flat = text.replaceAll("\\s+", " ");
            assertThat(flat)
                    .contains("Récépissé de dépôt")
                    .contains("وصل الإيداع")
                    .contains("جماعة تمارة")
                    .contains("TEM-2026-000123")
                    .contains("a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90")
                    .contains("Le présent récépissé atteste le dépôt électronique du dossier")
                    .contains("يشهد هذا الوصل بالإيداع الإلكتروني للملف")
                    .contains("https://rokhsa.example.ma/v/7KQ2-M9XD");
        }
    }

    @Test
    void decisionHasSignatureBlockAndShapedArabicReasons() throws Exception {
        byte[] permit = renderer.render(Samples.permit()).block();
        byte[] refusal = renderer.render(Samples.refusal()).block();
        png(permit, "decision-permit");
        png(refusal, "decision-refusal");
        assertFontsEmbedded(refusal);
        String flat = pdfboxText(refusal).replaceAll("\\s+", " ");
        assertThat(flat)
                .contains("Décision de refus")
                .contains("قرار الرفض")
                .contains("العلو المقترح يتجاوز العلو المسموح به في تصميم التهيئة")
                .contains("غياب شهادة الملكية")
                .contains("Signé électroniquement par")
                .contains("Fatima Zahra El Idrissi")
                .contains("رئيسة المجلس الجماعي")
                .contains("29/03/2026");
        assertThat(pdfboxText(permit).replaceAll("\\s+", " "))
                .contains("Arrêté d'autorisation")
                .contains("يمنح رئيس المجلس الجماعي الرخصة المطلوبة");
    }

    @Test
    void opinionAndCertificatesRender() throws Exception {
        StepVerifier.create(renderer.render(Samples.opinion()))
                .assertNext(pdf -> assertThat(new String(pdf, 0, 8)).startsWith("%PDF-"))
                .verifyComplete();
        byte[] tacit = renderer.render(Samples.tacitApproval()).block();
        byte[] paid = renderer.render(Samples.paymentReceipt()).block();
        png(renderer.render(Samples.opinion()).block(), "opinion");
        png(tacit, "certificate-tacit");
        png(paid, "certificate-payment");
        assertThat(pdfboxText(tacit).replaceAll("\\s+", " "))
                .contains("Attestation d'autorisation tacite")
                .contains("تعتبر الرخصة المطلوبة ممنوحة ضمنيا");
        assertThat(pdfboxText(paid).replaceAll("\\s+", " "))
                .contains("Quittance de paiement")
                .contains("4 500,00 MAD")
                .contains("وصل الأداء");
    }

    @Test
    void anArabicApplicantFormIsLaidOutRightToLeftAndReadsInLogicalOrder() throws Exception {
        ApplicantForm form = new ApplicantForm(ApplicantForm.Language.AR, "طلب رخصة البناء",
                java.util.List.of(new ApplicantForm.Field("صاحب الطلب", "السيدة خديجة بنعلي"),
                        new ApplicantForm.Field("الرسم العقاري", "12345/10")),
                java.util.List.of("يتعلق المشروع ببناء مسكن فردي فوق قطعة أرضية مساحتها مائتان وأربعون مترا مربعا."),
                "حرر ببني ملال في 12/06/2026");
        byte[] pdf = renderer.render(form).block();
        png(pdf, "form-ar");
        assertFontsEmbedded(pdf);
        for (String text : new String[]{pdfboxText(pdf), tikaText(pdf)}) {
            assertThat(text.replaceAll("\\s+", " "))
                    .contains("طلب رخصة البناء")
                    .contains("السيدة خديجة بنعلي")
                    .contains("12345/10")
                    .contains("يتعلق المشروع ببناء مسكن فردي")
                    .contains("حرر ببني ملال");
        }
        byte[] fr = renderer.render(new ApplicantForm(ApplicantForm.Language.FR, "Demande d'autorisation de construire",
                java.util.List.of(new ApplicantForm.Field("Demandeur", "M. Karim Alaoui")), java.util.List.of(), null)).block();
        assertThat(pdfboxText(fr)).contains("Demande d'autorisation de construire").contains("M. Karim Alaoui");
    }

    @Test
    void qrCodeOnThePageDecodesToTheVerificationLink() throws Exception {
        byte[] pdf = renderer.render(Samples.permit()).block();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            java.awt.image.BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 150);
            int[] px = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
            var source = new com.google.zxing.RGBLuminanceSource(page.getWidth(), page.getHeight(), px);
            var result = new com.google.zxing.qrcode.QRCodeReader().decode(
                    new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(source)),
                    java.util.Map.of(com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE));
            assertThat(result.getText()).isEqualTo(Samples.LINK.toString());
        }
    }

    @Test
    void pdfIsMarkedPdfA2u() throws Exception {
        byte[] pdf = renderer.render(Samples.receipt()).block();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            var xmp = new String(doc.getDocumentCatalog().getMetadata().toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(xmp).contains("pdfaid:part").contains("2");
            assertThat(doc.getDocumentCatalog().getOutputIntents()).isNotEmpty();
        }
    }
}
