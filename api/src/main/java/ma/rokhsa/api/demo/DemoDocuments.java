package ma.rokhsa.api.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ma.rokhsa.signer.render.ApplicantForm;
import ma.rokhsa.signer.render.OpenHtmlToPdfRenderer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The files the demo architects upload: real, small PDFs whose text names the dossier's applicant, place,
 * land title and surfaces, so that a reviewer finds them by any of these. French documents are written
 * with PDFBox and its standard fonts (plans are vector drawings with labels on A3 and A1 sheets); Arabic
 * application forms come from the signer's renderer, since PDFBox does not shape Arabic.
 *
 * <p>Blocking work (PDFBox, the renderer) runs on the scheduler given at construction, never on an event loop.
 */
final class DemoDocuments {

    /** A file to upload. */
    record File(String name, byte[] bytes) {
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final PDRectangle A3_LANDSCAPE = new PDRectangle(PDRectangle.A3.getHeight(), PDRectangle.A3.getWidth());
    private static final PDRectangle A1_LANDSCAPE = new PDRectangle(PDRectangle.A1.getHeight(), PDRectangle.A1.getWidth());

    private final OpenHtmlToPdfRenderer renderer;
    private final Scheduler scheduler;

    DemoDocuments(OpenHtmlToPdfRenderer renderer, Scheduler scheduler) {
        this.renderer = renderer;
        this.scheduler = scheduler;
    }

    /** The document of {@code kind} for the dossier, dated {@code day}; a misfiled one is a plan sheet. */
    Mono<File> make(DossierStory d, String kind, int version, boolean misfiled, LocalDate day) {
        if (kind.equals("APPLICATION_FORM") && d.arabicForm() && !misfiled) {
            return renderer.render(arabicForm(d, day)).map(pdf -> new File("demande-ar-" + d.key().toLowerCase(Locale.ROOT) + ".pdf", pdf));
        }
        return Mono.fromCallable(() -> misfiled ? new File("plan-rdc-" + d.key() + ".pdf", plans(d, 1))
                : french(d, kind, version, day)).subscribeOn(scheduler);
    }

    private File french(DossierStory d, String kind, int version, LocalDate day) {
        String v = version > 1 ? "-v" + version : "";
        String key = d.key().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "APPLICATION_FORM" -> new File("demande-" + key + v + ".pdf", text(applicationForm(d, day, version)));
            case "PROPERTY_CERTIFICATE" -> new File("certificat-propriete-" + d.titleNumber().replace('/', '-') + v + ".pdf",
                    text(propertyCertificate(d, day)));
            case "CADASTRAL_PLAN" -> new File("plan-cadastral-" + key + v + ".pdf", cadastralPlan(d));
            case "SITE_PLAN" -> new File("plan-situation-" + key + v + ".pdf", sitePlan(d, version));
            case "ARCHITECTURAL_PLANS" -> new File("plans-architecturaux-" + key + v + ".pdf", plans(d, d.large() ? 2 : 1));
            case "ARCHITECT_CONTRACT" -> new File("contrat-architecte-" + key + v + ".pdf", text(contract(d, day)));
            case "URBAN_INFORMATION_NOTE" -> new File("note-renseignements-" + key + v + ".pdf", text(urbanNote(d, day)));
            case "COMPLETION_DECLARATION" -> new File("declaration-achevement-" + key + v + ".pdf", text(completion(d, day)));
            case "CONFORMITY_CERTIFICATE" -> new File("certificat-conformite-" + key + v + ".pdf", text(conformity(d, day)));
            case "DEMOLITION_METHOD" -> new File("mode-demolition-" + key + v + ".pdf", text(demolition(d)));
            case "ID_DOCUMENT" -> new File("cin-" + d.applicant().idNumber() + v + ".pdf", text(idDocument(d)));
            case "LEASE_OR_TITLE" -> new File("bail-" + key + v + ".pdf", text(lease(d, day)));
            case "PHOTOS" -> new File("photos-terrain-" + key + v + ".pdf", photos(d));
            default -> throw new IllegalArgumentException("The demo has no document of kind " + kind);
        };
    }

    // ---------------------------------------------------------------------------------------------------
    // Texts

    private record Page(String title, List<String> lines) {
    }

    private static Page applicationForm(DossierStory d, LocalDate day, int version) {
        List<String> l = new ArrayList<>();
        l.add("Royaume du Maroc - Commune de " + d.address().commune().fr());
        l.add("");
        l.add("Demandeur : " + d.applicant().civilFr() + ", titulaire de la CIN " + d.applicant().idNumber());
        l.add("Adresse du terrain : " + d.address().fr());
        l.add("Titre foncier n° " + d.titleNumber() + ", superficie du terrain : " + d.landArea() + " m²");
        l.add("Objet de la demande : " + d.title());
        for (Map.Entry<String, BigDecimal> e : d.coveredArea().entrySet()) {
            l.add("Surface couverte (" + use(e.getKey()) + ") : " + e.getValue().toPlainString() + " m²");
        }
        if (d.worksCost() != null) {
            l.add("Coût estimatif des travaux : " + money(d.worksCost()) + " dirhams");
        }
        if (version > 1) {
            l.add("Surface couverte par niveau : rez-de-chaussée et étages détaillés au tableau des surfaces des plans.");
        }
        l.add("Architecte : " + architect(d));
        l.add("");
        l.add("Le demandeur certifie l'exactitude des renseignements ci-dessus et sollicite l'autorisation prévue par la loi 12-90 "
                + "relative à l'urbanisme.");
        l.add("Fait à " + d.address().commune().fr() + ", le " + DAY.format(day) + ".");
        return new Page(formTitle(d.type()), l);
    }

    private static String formTitle(String type) {
        return switch (type) {
            case "BUILDING_SMALL", "BUILDING_LARGE" -> "Demande d'autorisation de construire";
            case "RENOVATION" -> "Demande d'autorisation de réfection";
            case "HABITATION_PERMIT" -> "Demande de permis d'habiter";
            case "DEMOLITION" -> "Demande d'autorisation de démolir";
            default -> "Déclaration d'activité économique";
        };
    }

    private ApplicantForm arabicForm(DossierStory d, LocalDate day) {
        List<ApplicantForm.Field> fields = new ArrayList<>();
        fields.add(new ApplicantForm.Field("الجماعة", d.address().commune().ar()));
        fields.add(new ApplicantForm.Field("صاحب الطلب", d.applicant().civilAr()));
        fields.add(new ApplicantForm.Field("رقم البطاقة الوطنية", d.applicant().idNumber()));
        fields.add(new ApplicantForm.Field("عنوان القطعة", d.address().ar()));
        fields.add(new ApplicantForm.Field("الرسم العقاري", d.titleNumber()));
        fields.add(new ApplicantForm.Field("مساحة القطعة", d.landArea() + " متر مربع"));
        d.coveredArea().values().stream().reduce(BigDecimal::add)
                .ifPresent(a -> fields.add(new ApplicantForm.Field("المساحة المغطاة", a.toPlainString() + " متر مربع")));
        String object = switch (d.type()) {
            case "BUILDING_SMALL" -> "يتعلق الطلب ببناء مسكن فردي فوق القطعة الأرضية المذكورة، طبقا لتصميم التهيئة المصادق عليه.";
            case "BUILDING_LARGE" -> "يتعلق الطلب ببناء عمارة سكنية تضم عدة شقق، مع مرائب تحت أرضية ومساحات خضراء.";
            case "RENOVATION" -> "يتعلق الطلب بإصلاح واجهة البناية وسطحها دون تغيير في الهيكل أو في العلو.";
            case "HABITATION_PERMIT" -> "يتعلق الطلب بالحصول على رخصة السكن بعد انتهاء أشغال البناء طبقا للرخصة المسلمة.";
            case "DEMOLITION" -> "يتعلق الطلب بهدم بناية قديمة آيلة للسقوط مع إخلاء الأنقاض.";
            default -> "يتعلق التصريح بفتح محل تجاري بالعنوان المذكور أعلاه.";
        };
        return new ApplicantForm(ApplicantForm.Language.AR, arabicTitle(d.type()), fields,
                List.of(object, "يشهد صاحب الطلب بصحة المعلومات المذكورة أعلاه."),
                "حرر ب" + d.address().commune().ar() + " في " + DAY.format(day));
    }

    private static String arabicTitle(String type) {
        return switch (type) {
            case "BUILDING_SMALL", "BUILDING_LARGE" -> "طلب رخصة البناء";
            case "RENOVATION" -> "طلب رخصة الإصلاح";
            case "HABITATION_PERMIT" -> "طلب رخصة السكن";
            case "DEMOLITION" -> "طلب رخصة الهدم";
            default -> "التصريح بمزاولة نشاط اقتصادي";
        };
    }

    private Page propertyCertificate(DossierStory d, LocalDate day) {
        List<String> l = new ArrayList<>();
        l.add("Agence nationale de la conservation foncière, du cadastre et de la cartographie");
        l.add("Conservation foncière de " + conservation(d));
        l.add("");
        l.add("Le conservateur de la propriété foncière certifie que la propriété dite « Bled " + d.applicant().nameFr().split(" ")[0]
                + " », objet du titre foncier n° " + d.titleNumber() + ", sise " + d.address().fr() + ",");
        l.add("d'une contenance de " + d.landArea() + " m², est inscrite au nom de " + d.applicant().civilFr() + ", CIN "
                + d.applicant().idNumber() + ", pour la totalité.");
        l.add("Charges et droits réels : néant. Aucune hypothèque ni saisie n'est inscrite à ce jour.");
        l.add("Certificat délivré le " + DAY.format(day.minusDays(12)) + " pour servir à la demande d'autorisation.");
        return new Page("Certificat de propriété", l);
    }

    private Page contract(DossierStory d, LocalDate day) {
        List<String> l = new ArrayList<>();
        l.add("Entre " + d.applicant().civilFr() + ", maître d'ouvrage, demeurant " + d.address().fr() + ",");
        l.add("et " + architect(d) + ", architecte inscrite au tableau de l'Ordre national des architectes,");
        l.add("il est convenu une mission complète de conception et de suivi pour le projet : " + d.title() + ",");
        l.add("sur le terrain objet du titre foncier n° " + d.titleNumber() + " (" + d.landArea() + " m²).");
        l.add("Honoraires : " + (d.worksCost() == null ? "forfait de 15 000" : money(d.worksCost().multiply(BigDecimal.valueOf(5)).divide(BigDecimal.valueOf(100))))
                + " dirhams hors taxes, payables par phases (esquisse, autorisation, chantier, réception).");
        l.add("Fait en deux exemplaires à " + d.address().commune().fr() + ", le " + DAY.format(day.minusDays(20)) + ".");
        return new Page("Contrat d'architecte", l);
    }

    private Page urbanNote(DossierStory d, LocalDate day) {
        List<String> l = new ArrayList<>();
        l.add("Agence urbaine - note délivrée à la demande de " + d.applicant().civilFr());
        l.add("Terrain : titre foncier n° " + d.titleNumber() + ", " + d.address().fr());
        l.add("Affectation au plan d'aménagement : zone d'immeubles collectifs, hauteur maximale 17 m (R+4).");
        l.add("Coefficient d'occupation du sol : 2,4 ; emprise au sol maximale : 60 % ; retrait sur limites séparatives : 4 m.");
        l.add("Servitudes : alignement sur la voie de 20 m ; aucune servitude de monument historique.");
        l.add("Note valable un an à compter du " + DAY.format(day.minusDays(30)) + ".");
        return new Page("Note de renseignements urbanistiques", l);
    }

    private Page completion(DossierStory d, LocalDate day) {
        return new Page("Déclaration d'achèvement des travaux", List.of(
                "Le soussigné " + d.applicant().civilFr() + ", CIN " + d.applicant().idNumber() + ",",
                "déclare que les travaux de construction réalisés " + d.address().fr() + ",",
                "sur le titre foncier n° " + d.titleNumber() + ", sont achevés depuis le " + DAY.format(day.minusDays(25)) + ",",
                "et sollicite la visite de la commission en vue de la délivrance du permis d'habiter.",
                "Fait à " + d.address().commune().fr() + ", le " + DAY.format(day) + "."));
    }

    private Page conformity(DossierStory d, LocalDate day) {
        return new Page("Certificat de conformité", List.of(
                architect(d) + ", architecte, certifie que la construction édifiée " + d.address().fr() + "",
                "pour le compte de " + d.applicant().civilFr() + " (titre foncier n° " + d.titleNumber() + ")",
                "est conforme aux plans autorisés et aux prescriptions du permis de construire.",
                "Les réseaux d'eau potable, d'électricité et d'assainissement sont raccordés.",
                "Fait le " + DAY.format(day) + "."));
    }

    private Page demolition(DossierStory d) {
        return new Page("Note sur le mode de démolition", List.of(
                "Bâtiment : " + d.title() + ", " + d.address().fr() + ", titre foncier n° " + d.titleNumber() + ".",
                "Mode opératoire : démolition mécanique par grignotage, du haut vers le bas, après dépose des menuiseries.",
                "Protection : palissade de chantier de 2 m, arrosage contre la poussière, circulation piétonne déviée.",
                "Évacuation des gravats vers la décharge contrôlée de " + d.address().commune().fr() + " par camions bâchés.",
                "Durée prévue : trois semaines. Responsable : " + architect(d) + "."));
    }

    private Page idDocument(DossierStory d) {
        return new Page("Carte nationale d'identité électronique", List.of(
                "Royaume du Maroc - Direction générale de la sûreté nationale",
                "Nom et prénom : " + d.applicant().nameFr().toUpperCase(Locale.ROOT),
                "Numéro : " + d.applicant().idNumber(),
                "Adresse : " + d.address().fr(),
                "Copie certifiée conforme à l'original."));
    }

    private Page lease(DossierStory d, LocalDate day) {
        String activity = d.title().replace("Ouverture d'", "");
        return new Page("Contrat de bail commercial", List.of(
                "Entre le propriétaire du local, titre foncier n° " + d.titleNumber() + ", et " + d.applicant().civilFr()
                        + ", CIN " + d.applicant().idNumber() + ", preneur,",
                "il est convenu la location du local commercial sis " + d.address().fr() + ", d'une surface de "
                        + d.landArea() + " m²,",
                "destiné à l'exploitation de l'activité suivante : " + activity + ".",
                "Loyer mensuel : " + (2_000 + 50 * d.landArea() / 10) + " dirhams. Durée : trois ans renouvelables.",
                "Fait à " + d.address().commune().fr() + ", le " + DAY.format(day.minusDays(15)) + "."));
    }

    private static String architect(DossierStory d) {
        return d.architect().equals("amina") ? "Mme Amina El Idrissi" : "M. Omar Chraibi";
    }

    private static String conservation(DossierStory d) {
        return d.commune().equals("KHB") ? "Khouribga" : "Béni Mellal";
    }

    private static String use(String use) {
        return ma.rokhsa.api.fees.CoveredUse.valueOf(use).label().toLowerCase(Locale.FRENCH);
    }

    private static String money(BigDecimal amount) {
        return String.format(Locale.FRANCE, "%,d", amount.longValue()).replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    // ---------------------------------------------------------------------------------------------------
    // PDF

    private static PDType1Font font(boolean bold) {
        return new PDType1Font(bold ? Standard14Fonts.FontName.HELVETICA_BOLD : Standard14Fonts.FontName.HELVETICA);
    }

    /** One A4 page of text, wrapped. */
    private static byte[] text(Page p) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDType1Font regular = font(false);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                float y = page.getMediaBox().getHeight() - 70;
                line(cs, font(true), 15, 60, y, p.title());
                y -= 34;
                for (String paragraph : p.lines()) {
                    for (String line : wrap(regular, 10.5f, paragraph, page.getMediaBox().getWidth() - 120)) {
                        line(cs, regular, 10.5f, 60, y, line);
                        y -= 15;
                    }
                    y -= 4;
                }
            }
            return save(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] cadastralPlan(DossierStory d) {
        return drawing(A3_LANDSCAPE, 1, (cs, w, h, n) -> {
            float side = (float) Math.sqrt(d.landArea()) * 14;
            rect(cs, w / 2 - side / 2, h / 2 - side / 2, side, side * 0.8f);
            label(cs, 12, w / 2 - 60, h / 2, "TF " + d.titleNumber());
            label(cs, 10, w / 2 - 60, h / 2 - 16, d.landArea() + " m²");
            label(cs, 10, w / 2 - side / 2, h / 2 + side * 0.4f + 10, d.address().street().fr());
            titleBlock(cs, w, "Plan cadastral - titre foncier n° " + d.titleNumber(), "Échelle 1/500",
                    d.address().fr(), "Levé de l'ingénieur géomètre topographe");
        });
    }

    private static byte[] sitePlan(DossierStory d, int version) {
        return drawing(A3_LANDSCAPE, 1, (cs, w, h, n) -> {
            for (int i = 0; i < 5; i++) {
                rect(cs, 60 + i * 200, 120, 150, h - 260);
            }
            rect(cs, 40, h / 2 - 10, w - 80, 20);
            label(cs, 10, 60, h / 2 + 18, d.address().street().fr());
            rect(cs, 455, h / 2 + 40, 40, 30);
            label(cs, 10, 500, h / 2 + 50, "Terrain du projet - " + d.address().quarter().fr());
            label(cs, 12, w - 90, h - 70, "N ^");
            titleBlock(cs, w, "Plan de situation - " + d.address().quarter().fr(), version > 1 ? "Échelle 1/2000, orienté au nord" : "Échelle 1/2000",
                    d.address().commune().fr(), "Titre foncier n° " + d.titleNumber());
        });
    }

    /** Floor plans: one sheet per level drawn, rooms with their surfaces, and the title block. */
    private static byte[] plans(DossierStory d, int sheets) {
        return drawing(A1_LANDSCAPE, sheets, (cs, w, h, n) -> {
            String[] rooms = d.large() ? new String[] {"Appartement A 92 m²", "Appartement B 88 m²", "Cage d'escalier 18 m²", "Appartement C 95 m²"}
                    : new String[] {"Séjour 28 m²", "Cuisine 12 m²", "Chambre 1 14 m²", "Chambre 2 12 m²", "Salle d'eau 6 m²"};
            float x = 200;
            for (String room : rooms) {
                float rw = 260 + 40 * (room.length() % 4);
                rect(cs, x, 500, rw, 420);
                label(cs, 16, x + 20, 700, room);
                x += rw;
            }
            label(cs, 22, 200, 1000, (n == 0 ? "Plan du rez-de-chaussée" : "Plan de l'étage " + n) + " - échelle 1/100");
            titleBlock(cs, w, d.title() + " - " + d.applicant().civilFr(), "Plans architecturaux, planche " + (n + 1) + "/" + sheets,
                    d.address().fr() + " - TF " + d.titleNumber(), "Architecte : " + architect(d));
        });
    }

    private static byte[] photos(DossierStory d) {
        return drawing(PDRectangle.A4, 1, (cs, w, h, n) -> {
            rect(cs, 60, 460, w - 120, 300);
            rect(cs, 60, 120, w - 120, 300);
            label(cs, 14, 60, h - 50, "Photographies du terrain et des constructions voisines");
            label(cs, 10, 70, 440, "Vue depuis " + d.address().street().fr());
            label(cs, 10, 70, 100, "Vue du terrain, titre foncier n° " + d.titleNumber() + ", " + d.address().quarter().fr());
        });
    }

    @FunctionalInterface
    private interface Sheet {
        void draw(PDPageContentStream cs, float width, float height, int index) throws IOException;
    }

    private static byte[] drawing(PDRectangle size, int sheets, Sheet sheet) {
        try (PDDocument doc = new PDDocument()) {
            for (int i = 0; i < sheets; i++) {
                PDPage page = new PDPage(size);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.setLineWidth(1.2f);
                    sheet.draw(cs, size.getWidth(), size.getHeight(), i);
                }
            }
            return save(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void titleBlock(PDPageContentStream cs, float width, String... lines) throws IOException {
        float x = width - 430;
        rect(cs, x, 20, 410, 22 + 16f * lines.length);
        float y = 26 + 16f * lines.length;
        for (String l : lines) {
            label(cs, 10, x + 10, y - 8, l);
            y -= 16;
        }
    }

    private static void rect(PDPageContentStream cs, float x, float y, float w, float h) throws IOException {
        cs.addRect(x, y, w, h);
        cs.stroke();
    }

    private static void label(PDPageContentStream cs, float size, float x, float y, String text) throws IOException {
        line(cs, font(false), size, x, y, text);
    }

    private static void line(PDPageContentStream cs, PDType1Font font, float size, float x, float y, String text) throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y);
        cs.showText(winAnsi(font, text));
        cs.endText();
    }

    /** The standard fonts write WinAnsi only (French is covered): anything else becomes a question mark. */
    private static String winAnsi(PDType1Font font, String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String c = new String(Character.toChars(cp));
            try {
                font.encode(c);
                sb.append(c);
            } catch (IOException | IllegalArgumentException e) {
                sb.append(cp == '\u202f' || cp == '\u00a0' ? " " : "?");
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static List<String> wrap(PDType1Font font, float size, String text, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = current.isEmpty() ? word : current + " " + word;
            if (!current.isEmpty() && font.getStringWidth(winAnsi(font, candidate)) / 1000 * size > width) {
                lines.add(current.toString());
                current = new StringBuilder(word);
            } else {
                current = new StringBuilder(candidate);
            }
        }
        lines.add(current.toString());
        return lines;
    }

    private static byte[] save(PDDocument doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);
        doc.save(out);
        return out.toByteArray();
    }
}
