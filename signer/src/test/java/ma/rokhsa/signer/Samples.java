package ma.rokhsa.signer;

import ma.rokhsa.signer.render.Bilingual;
import ma.rokhsa.signer.render.Certificate;
import ma.rokhsa.signer.render.CommissionOpinion;
import ma.rokhsa.signer.render.Decision;
import ma.rokhsa.signer.render.FiledDocument;
import ma.rokhsa.signer.render.FilingReceipt;
import ma.rokhsa.signer.render.SignatureBlock;

import java.net.URI;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/** Real-looking inputs shared by the tests. */
public final class Samples {

    public static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");
    public static final Bilingual COMMUNE = Bilingual.of("Commune de Témara", "جماعة تمارة");
    public static final Bilingual BUILDING_PERMIT = Bilingual.of("Permis de construire (petit projet)", "رخصة البناء (مشروع صغير)");
    public static final URI LINK = URI.create("https://rokhsa.example.ma/v/7KQ2-M9XD");

    private Samples() {
    }

    public static FilingReceipt receipt() {
        return new FilingReceipt("TEM-2026-000123", ZonedDateTime.of(2026, 3, 14, 10, 42, 0, 0, CASABLANCA),
                BUILDING_PERMIT, COMMUNE, "Youssef Benali",
                List.of(new FiledDocument("demande.pdf", 35_685, "a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"),
                        new FiledDocument("certificat-propriete.pdf", 19_481, "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"),
                        new FiledDocument("plans-architecte.pdf", 8_912_345, "5555aaaa5555aaaa5555aaaa5555aaaa5555aaaa5555aaaa5555aaaa5555aaaa")),
                LINK);
    }

    public static SignatureBlock president() {
        return new SignatureBlock("Fatima Zahra El Idrissi",
                Bilingual.of("Présidente du conseil communal", "رئيسة المجلس الجماعي"),
                ZonedDateTime.of(2026, 3, 29, 9, 0, 0, 0, CASABLANCA));
    }

    public static Decision permit() {
        return new Decision("TEM-D-2026-0042", "TEM-2026-000123", COMMUNE, BUILDING_PERMIT, "Youssef Benali",
                "Lot 17, lotissement Al Amal, titre foncier 12345/R", Decision.Outcome.PERMIT,
                List.of(Bilingual.of("Respecter le recul de 5 m sur la voie publique.", "احترام تراجع 5 أمتار عن الطريق العمومي.")),
                president(), LINK);
    }

    public static Decision refusal() {
        return new Decision("TEM-D-2026-0043", "TEM-2026-000124", COMMUNE, BUILDING_PERMIT, "Karim Alaoui",
                "Parcelle 88, douar Ouled Ali", Decision.Outcome.REFUSAL,
                List.of(Bilingual.of("La hauteur projetée dépasse celle autorisée par le plan d'aménagement.",
                                "العلو المقترح يتجاوز العلو المسموح به في تصميم التهيئة."),
                        Bilingual.ar("غياب شهادة الملكية.")),
                president(), LINK);
    }

    public static CommissionOpinion opinion() {
        return new CommissionOpinion("TEM-2026-000123", COMMUNE, BUILDING_PERMIT,
                Bilingual.of("Agence urbaine de Skhirate-Témara", "الوكالة الحضرية للصخيرات تمارة"),
                CommissionOpinion.Kind.FAVOURABLE_WITH_CONDITIONS,
                List.of(Bilingual.of("Prévoir un local pour les compteurs.", "تخصيص محل للعدادات.")),
                new SignatureBlock("Ahmed Tazi", Bilingual.of("Architecte instructeur", "مهندس معماري مكلف بالدراسة"),
                        ZonedDateTime.of(2026, 3, 20, 15, 0, 0, 0, CASABLANCA)), LINK);
    }

    public static Certificate tacitApproval() {
        return new Certificate("TEM-C-2026-0007", Certificate.Kind.TACIT_APPROVAL, "TEM-2026-000123", COMMUNE,
                List.of(new Certificate.Field(Bilingual.of("Date de dépôt", "تاريخ الإيداع"), "14/03/2026"),
                        new Certificate.Field(Bilingual.of("Délai légal", "الأجل القانوني"), "15 jours / يوما")),
                president(), LINK);
    }

    public static Certificate paymentReceipt() {
        return new Certificate("TEM-P-2026-0311", Certificate.Kind.PAYMENT_RECEIPT, "TEM-2026-000123", COMMUNE,
                List.of(new Certificate.Field(Bilingual.of("Taxe sur les opérations de construction", "الرسم على عمليات البناء"), "4 500,00 MAD"),
                        new Certificate.Field(Bilingual.of("Date de paiement", "تاريخ الأداء"), "20/03/2026")),
                president(), LINK);
    }
}
