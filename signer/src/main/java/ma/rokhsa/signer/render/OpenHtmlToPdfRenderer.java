package ma.rokhsa.signer.render;

import com.openhtmltopdf.bidi.support.ICUBidiReorderer;
import com.openhtmltopdf.bidi.support.ICUBidiSplitter;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import ma.rokhsa.signer.SignerException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renders the platform's documents (filing receipt, commission opinion, decision, certificates) to
 * PDF/A-2u from one bilingual XHTML template kept as a resource, with openhtmltopdf on PDFBox; and, from
 * a second template, the forms applicants file ({@link ApplicantForm}), in French or in Arabic.
 * Arabic is shaped (ICU4J {@code ArabicShaping} to presentation forms) and laid out right to left
 * (ICU bidi); the bundled Noto fonts (OFL) are embedded as subsets, so the file shows the same
 * everywhere. Each document carries a QR code and the public verification link.
 *
 * <p>Thread-safe: every call builds its own renderer. Rendering is blocking and CPU-bound; the
 * {@code render} methods run it on the scheduler given at construction (bounded, never an event
 * loop). A render takes tens of milliseconds when warm.
 */
public final class OpenHtmlToPdfRenderer {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm (xxx)");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final HtmlTemplate TEMPLATE = HtmlTemplate.resource("document.html");
    private static final HtmlTemplate FORM = HtmlTemplate.resource("form.html");
    private static final Fonts FONTS = new Fonts();

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OpenHtmlToPdfRenderer.class);

    private final Scheduler scheduler;

    public OpenHtmlToPdfRenderer(Scheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler);
    }

    /** The filing receipt (récépissé). */
    public Mono<byte[]> render(FilingReceipt receipt) {
        return Mono.fromCallable(() -> renderBlocking(receipt)).subscribeOn(scheduler);
    }

    /** A commission member's opinion. */
    public Mono<byte[]> render(CommissionOpinion opinion) {
        return Mono.fromCallable(() -> renderBlocking(opinion)).subscribeOn(scheduler);
    }

    /** A decision: permit or refusal. */
    public Mono<byte[]> render(Decision decision) {
        return Mono.fromCallable(() -> renderBlocking(decision)).subscribeOn(scheduler);
    }

    /** A certificate: tacit approval or payment receipt. */
    public Mono<byte[]> render(Certificate certificate) {
        return Mono.fromCallable(() -> renderBlocking(certificate)).subscribeOn(scheduler);
    }

    /** A form filed by an applicant, in French or in Arabic (right to left). */
    public Mono<byte[]> render(ApplicantForm form) {
        return Mono.fromCallable(() -> renderBlocking(form)).subscribeOn(scheduler);
    }

    byte[] renderBlocking(FilingReceipt r) {
        Map<String, Object> ctx = base(r.reference(), Bilingual.of("Récépissé de dépôt", "وصل الإيداع"),
                r.commune(), r.verificationUrl().toString());
        List<Map<String, Object>> facts = new ArrayList<>();
        facts.add(single("Référence", "المرجع", r.reference()));
        facts.add(single("Date et heure de dépôt", "تاريخ وساعة الإيداع", DATE_TIME.format(r.filedAt())));
        facts.add(pair("Type de dossier", "نوع الملف", r.dossierType()));
        facts.add(pair("Commune", "الجماعة", r.commune()));
        facts.add(single("Demandeur", "صاحب الطلب", r.applicant()));
        ctx.put("facts", facts);
        List<Map<String, Object>> docs = new ArrayList<>();
        int n = 1;
        for (FiledDocument d : r.documents()) {
            docs.add(Map.of("n", n++, "name", d.name(), "size", humanSize(d.sizeBytes()), "sha256", d.sha256()));
        }
        ctx.put("documents_present", !docs.isEmpty());
        ctx.put("documents", docs);
        ctx.put("statement_fr", "Le présent récépissé atteste le dépôt électronique du dossier et des documents "
                + "ci-dessus, identifiés par leur empreinte SHA-256. Il ne vaut pas autorisation.");
        ctx.put("statement_ar", "يشهد هذا الوصل بالإيداع الإلكتروني للملف والوثائق المذكورة أعلاه، "
                + "المعرفة ببصمتها الرقمية. ولا يعتبر رخصة.");
        return toPdf(ctx);
    }

    byte[] renderBlocking(CommissionOpinion o) {
        Map<String, Object> ctx = base(o.dossierReference(), Bilingual.of("Avis de la commission", "رأي اللجنة"),
                o.commune(), o.verificationUrl().toString());
        Bilingual verdict = switch (o.kind()) {
            case FAVOURABLE -> Bilingual.of("Favorable", "موافق");
            case FAVOURABLE_WITH_CONDITIONS -> Bilingual.of("Favorable sous conditions", "موافق بشروط");
            case UNFAVOURABLE -> Bilingual.of("Défavorable", "غير موافق");
        };
        List<Map<String, Object>> facts = new ArrayList<>();
        facts.add(single("Dossier", "الملف", o.dossierReference()));
        facts.add(pair("Type de dossier", "نوع الملف", o.dossierType()));
        facts.add(pair("Organisme", "الهيئة", o.authority()));
        facts.add(pair("Avis", "الرأي", verdict));
        ctx.put("facts", facts);
        items(ctx, o.kind() == CommissionOpinion.Kind.UNFAVOURABLE
                ? Bilingual.of("Motifs", "الأسباب") : Bilingual.of("Conditions et observations", "الشروط والملاحظات"), o.reasons());
        ctx.put("statement_fr", "Avis émis par " + o.authority().fr() + " dans le cadre de l'instruction du dossier "
                + o.dossierReference() + ".");
        ctx.put("statement_ar", "رأي صادر عن " + o.authority().ar() + " في إطار دراسة الملف " + o.dossierReference() + ".");
        signature(ctx, o.signature());
        return toPdf(ctx);
    }

    byte[] renderBlocking(Decision d) {
        boolean permit = d.outcome() == Decision.Outcome.PERMIT;
        Map<String, Object> ctx = base(d.reference(), permit
                        ? Bilingual.of("Arrêté d'autorisation", "قرار منح الرخصة")
                        : Bilingual.of("Décision de refus", "قرار الرفض"),
                d.commune(), d.verificationUrl().toString());
        List<Map<String, Object>> facts = new ArrayList<>();
        facts.add(single("Numéro de la décision", "رقم القرار", d.reference()));
        facts.add(single("Dossier", "الملف", d.dossierReference()));
        facts.add(pair("Type de dossier", "نوع الملف", d.dossierType()));
        facts.add(single("Demandeur", "صاحب الطلب", d.applicant()));
        facts.add(single("Situation du projet", "موقع المشروع", d.site()));
        facts.add(pair("Décision", "القرار", permit ? Bilingual.of("Autorisation accordée", "الرخصة ممنوحة")
                : Bilingual.of("Demande refusée", "الطلب مرفوض")));
        ctx.put("facts", facts);
        items(ctx, permit ? Bilingual.of("Prescriptions", "الشروط") : Bilingual.of("Motifs du refus", "أسباب الرفض"), d.reasons());
        if (permit) {
            ctx.put("statement_fr", "Le président du conseil communal accorde l'autorisation demandée, sous réserve "
                    + "du respect des plans approuvés et des prescriptions ci-dessus.");
            ctx.put("statement_ar", "يمنح رئيس المجلس الجماعي الرخصة المطلوبة، مع مراعاة التصاميم المصادق عليها "
                    + "والشروط المذكورة أعلاه.");
        } else {
            ctx.put("statement_fr", "Le président du conseil communal refuse l'autorisation demandée pour les motifs "
                    + "ci-dessus. Cette décision peut faire l'objet d'un recours dans les délais légaux.");
            ctx.put("statement_ar", "يرفض رئيس المجلس الجماعي الرخصة المطلوبة للأسباب المذكورة أعلاه. "
                    + "ويمكن الطعن في هذا القرار داخل الآجال القانونية.");
        }
        signature(ctx, d.signature());
        return toPdf(ctx);
    }

    byte[] renderBlocking(Certificate c) {
        boolean tacit = c.kind() == Certificate.Kind.TACIT_APPROVAL;
        Map<String, Object> ctx = base(c.reference(), tacit
                        ? Bilingual.of("Attestation d'autorisation tacite", "شهادة الرخصة الضمنية")
                        : Bilingual.of("Quittance de paiement", "وصل الأداء"),
                c.commune(), c.verificationUrl().toString());
        List<Map<String, Object>> facts = new ArrayList<>();
        facts.add(single("Numéro", "الرقم", c.reference()));
        facts.add(single("Dossier", "الملف", c.dossierReference()));
        for (Certificate.Field f : c.fields()) {
            facts.add(single(f.label().fr(), f.label().ar(), f.value()));
        }
        ctx.put("facts", facts);
        if (tacit) {
            ctx.put("statement_fr", "Aucune décision n'ayant été notifiée dans le délai légal, l'autorisation "
                    + "demandée est réputée accordée tacitement.");
            ctx.put("statement_ar", "نظرا لعدم تبليغ أي قرار داخل الأجل القانوني، تعتبر الرخصة المطلوبة ممنوحة ضمنيا.");
        } else {
            ctx.put("statement_fr", "La commune atteste avoir reçu le paiement des droits et taxes indiqués ci-dessus.");
            ctx.put("statement_ar", "تشهد الجماعة بتوصلها بأداء الرسوم والواجبات المبينة أعلاه.");
        }
        signature(ctx, c.signature());
        return toPdf(ctx);
    }

    byte[] renderBlocking(ApplicantForm f) {
        boolean arabic = f.language() == ApplicantForm.Language.AR;
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("lang", arabic ? "ar" : "fr");
        ctx.put("dir", arabic ? "rtl" : "ltr");
        ctx.put("rtl", arabic);
        ctx.put("align", arabic ? "right" : "left");
        ctx.put("fonts", arabic ? "'Noto Naskh Arabic', 'Noto Sans'" : "'Noto Sans', 'Noto Naskh Arabic'");
        ctx.put("title", f.title());
        ctx.put("fields", f.fields().stream().map(x -> Map.of("label", x.label(), "value", x.value())).toList());
        ctx.put("paragraphs", f.paragraphs());
        ctx.put("signedAt", f.signedAt());
        return toPdf(FORM, ctx, arabic ? BaseRendererBuilder.TextDirection.RTL : BaseRendererBuilder.TextDirection.LTR);
    }

    private static Map<String, Object> base(String reference, Bilingual title, Bilingual commune, String url) {
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("reference", reference);
        ctx.put("title_fr", title.fr());
        ctx.put("title_ar", title.ar());
        ctx.put("commune_fr", commune.fr());
        ctx.put("commune_ar", commune.ar());
        ctx.put("verify_url", url);
        ctx.put("qr_data_uri", ZxingQrCode.pngDataUri(url));
        return ctx;
    }

    private static Map<String, Object> single(String labelFr, String labelAr, String value) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("label_fr", labelFr);
        row.put("label_ar", labelAr);
        row.put("single", value);
        return row;
    }

    private static Map<String, Object> pair(String labelFr, String labelAr, Bilingual value) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("label_fr", labelFr);
        row.put("label_ar", labelAr);
        row.put("single", "");
        row.put("value_fr", value.fr());
        row.put("value_ar", value.ar());
        return row;
    }

    private static void items(Map<String, Object> ctx, Bilingual heading, List<Bilingual> items) {
        ctx.put("items_present", !items.isEmpty());
        ctx.put("items_heading_fr", heading.fr());
        ctx.put("items_heading_ar", heading.ar());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Bilingual b : items) {
            rows.add(Map.of("fr", b.fr(), "ar", b.ar()));
        }
        ctx.put("items", rows);
    }

    private static void signature(Map<String, Object> ctx, SignatureBlock s) {
        ctx.put("signature", Map.of(
                "sig_name", s.signerName(),
                "sig_capacity_fr", s.capacity().fr(),
                "sig_capacity_ar", s.capacity().ar(),
                "sig_date", formatDate(s.date())));
    }

    private static String formatDate(ZonedDateTime t) {
        return DATE.format(t);
    }

    private static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " o";
        }
        if (bytes < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f Ko", bytes / 1024.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f Mo", bytes / (1024.0 * 1024.0));
    }

    private static byte[] toPdf(Map<String, Object> ctx) {
        return toPdf(TEMPLATE, ctx, BaseRendererBuilder.TextDirection.LTR);
    }

    private static byte[] toPdf(HtmlTemplate template, Map<String, Object> ctx, BaseRendererBuilder.TextDirection direction) {
        String html = template.render(ctx);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024)) {
            PdfRendererBuilder b = new PdfRendererBuilder();
            b.useFastMode();
            b.usePdfAConformance(PdfRendererBuilder.PdfAConformance.PDFA_2_U);
            b.useColorProfile(FONTS.srgb);
            b.withProducer("Rokhsa");
            b.useUnicodeBidiSplitter(new ICUBidiSplitter.ICUBidiSplitterFactory());
            b.useUnicodeBidiReorderer(new ICUBidiReorderer());
            b.defaultTextDirection(direction);
            FONTS.register(b);
            // Templates reference nothing outside themselves; refuse any external fetch.
            b.useExternalResourceAccessControl((uri, type) -> uri != null && uri.startsWith("data:"),
                    com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
            // Route the renderer's diagnostics to our logger (it would use java.util.logging at INFO).
            b.withDiagnosticConsumer(d -> {
                if (d.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    log.warn("pdf rendering: {}", d.getFormattedMessage());
                }
            });
            b.withHtmlContent(html, null);
            b.toStream(out);
            b.run();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SignerException(SignerException.Code.RENDER_FAILED,
                    "The document could not be rendered to PDF: " + e.getMessage(), e);
        }
    }

    /** Font bytes read once from the classpath and shared (read-only) by all renders. */
    private static final class Fonts {
        final byte[] sansRegular = load("NotoSans-Regular.ttf");
        final byte[] sansBold = load("NotoSans-Bold.ttf");
        final byte[] naskhRegular = load("NotoNaskhArabic-Regular.ttf");
        final byte[] naskhBold = load("NotoNaskhArabic-Bold.ttf");
        final byte[] srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

        void register(PdfRendererBuilder b) {
            add(b, sansRegular, "Noto Sans", 400);
            add(b, sansBold, "Noto Sans", 700);
            add(b, naskhRegular, "Noto Naskh Arabic", 400);
            add(b, naskhBold, "Noto Naskh Arabic", 700);
        }

        private static void add(PdfRendererBuilder b, byte[] font, String family, int weight) {
            b.useFont(() -> new ByteArrayInputStream(font), family, weight, BaseRendererBuilder.FontStyle.NORMAL, true);
        }

        private static byte[] load(String name) {
            try (InputStream in = OpenHtmlToPdfRenderer.class.getResourceAsStream("fonts/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("bundled font missing: " + name);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
