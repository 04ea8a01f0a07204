package ma.rokhsa.indexer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic permit documents in French and Arabic (about 2 KB of text each) spread
 * over 50 communes, for the benchmark. Vocabulary from real permit files; sentences are random.
 */
final class SyntheticDocuments {

    static final String[] FR = ("demande autorisation construire permis habiter certificat conformité propriété titre foncier "
            + "parcelle lotissement morcellement plan masse situation façade coupe niveau étage rez-de-chaussée sous-sol "
            + "terrasse cage escalier architecte ingénieur topographe bureau études agence urbaine protection civile "
            + "commission avis favorable défavorable réserves recevabilité guichet unique commune président délai "
            + "construction extension surélévation réfection démolition régularisation clôture mur voirie réseau eau "
            + "potable assainissement électricité télécommunications hauteur maximale recul alignement emprise sol "
            + "coefficient occupation zone villa immeuble habitat collectif équipement public logement social superficie "
            + "mètres carrés contenance ares centiares hypothèque saisie inscription conservation foncière cadastre "
            + "bornage limite mitoyenneté servitude accès chaussée trottoir stationnement garage commerce bureau "
            + "magasin atelier dépôt taxe opérations construction paiement quittance redevance dossier pièce fournie "
            + "complément manquante notice descriptive contrat mission suivi chantier ouverture achèvement travaux "
            + "inspection visite constat procès-verbal décision arrêté signature délivrance refus motif recours").split(" ");
    static final String[] AR = ("طلب رخصة البناء السكن شهادة المطابقة الملكية الرسم العقاري القطعة الأرضية التجزئة التقسيم "
            + "التصميم الموقع الواجهة المقطع الطابق الأرضي الأول السفلي السطح الدرج المهندس المعماري الطبوغرافي مكتب "
            + "الدراسات الوكالة الحضرية الوقاية المدنية اللجنة رأي موافق غير موافق تحفظات الشباك الوحيد الجماعة "
            + "رئيس أجل البناية توسيع تعلية إصلاح هدم تسوية سور الطريق شبكة الماء الصالح للشرب التطهير السائل "
            + "الكهرباء الاتصالات العلو الأقصى التراجع المساحة الفيلا العمارة السكن الجماعي التجهيز العمومي السكن "
            + "الاجتماعي متر مربع الرهن الحجز التقييد المحافظة العقارية المسح التحديد الحدود الارتفاق الولوج الرصيف "
            + "المرآب المتجر المكتب المستودع الرسم عمليات البناء الأداء الوصل الملف الوثيقة المرفقة الملحق الناقصة "
            + "المذكرة الوصفية العقد تتبع الورش افتتاح انتهاء الأشغال المعاينة محضر القرار التوقيع التسليم الرفض "
            + "السبب الطعن المصادق عليه تصميم التهيئة منطقة").split(" ");
    static final String[] TYPES = {"BUILDING_PERMIT_SMALL", "BUILDING_PERMIT_LARGE", "HABITATION_PERMIT", "SUBDIVISION",
            "LAND_DIVISION", "DEMOLITION", "RENOVATION", "REGULARISATION"};
    static final String[] STATUSES = {"SUBMITTED", "UNDER_REVIEW", "SENT_TO_COMMISSION", "INCOMPLETE", "APPROVED", "REFUSED"};
    static final String[] KINDS = {"APPLICATION_FORM", "PROPERTY_CERTIFICATE", "SITE_PLAN", "ARCHITECTURAL_PLANS",
            "TOPOGRAPHIC_SURVEY", "ARCHITECT_CONTRACT", "INFORMATION_NOTE", "DECISION", "PHOTO", "OTHER"};
    static final String[] ORGS = {"AUA", "PROTECTION_CIVILE", "ONEE", "IAM", "ANCFCC", "SANTE", "EQUIPEMENT"};

    private SyntheticDocuments() {
    }

    static String communeCode(int i) {
        return "C" + (100 + i % 50);
    }

    static List<IndexedDocument> generate(int count, long seed, String idPrefix) {
        SplittableRandom random = new SplittableRandom(seed);
        List<IndexedDocument> docs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int dossierNo = i / 5; // five documents per dossier
            SplittableRandom d = new SplittableRandom(seed * 31 + dossierNo);
            String commune = communeCode(d.nextInt(50));
            Set<String> orgs = new java.util.HashSet<>(List.of(ORGS[d.nextInt(ORGS.length)], ORGS[d.nextInt(ORGS.length)]));
            DossierFields dossier = new DossierFields("dossier-" + dossierNo,
                    String.format("BM-2026-%06d", dossierNo), TYPES[d.nextInt(TYPES.length)],
                    STATUSES[d.nextInt(STATUSES.length)], commune, "Commune " + commune, "P" + commune.charAt(1),
                    "Demandeur " + d.nextInt(5000), "architect-" + d.nextInt(200), orgs,
                    Instant.parse("2025-01-01T09:00:00Z").plusSeconds(86_400L * d.nextInt(600)), null);
            boolean arabic = random.nextInt(2) == 0;
            String deed = (10_000 + d.nextInt(90_000)) + "/" + (1 + d.nextInt(99));
            docs.add(new IndexedDocument(idPrefix + i, dossier, "piece-" + i + ".pdf", KINDS[random.nextInt(KINDS.length)],
                    "application/pdf", arabic ? "ar" : "fr", null, text(random, arabic ? AR : FR, deed), Map.of(), 1 + random.nextInt(4),
                    null));
        }
        return docs;
    }

    private static String text(SplittableRandom random, String[] words, String deed) {
        StringBuilder s = new StringBuilder(2400);
        int sentences = 14 + random.nextInt(12);
        for (int i = 0; i < sentences; i++) {
            int n = 8 + random.nextInt(12);
            for (int w = 0; w < n; w++) {
                s.append(words[random.nextInt(words.length)]).append(' ');
            }
            if (i == 2) {
                s.append(words == AR ? "الرسم العقاري عدد " : "titre foncier n° ").append(deed).append(' ');
            }
            s.setLength(s.length() - 1);
            s.append(words == AR ? ". " : ". ");
        }
        return s.toString();
    }
}
