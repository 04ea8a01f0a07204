package ma.rokhsa.api.signing;

import java.net.URI;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import ma.rokhsa.api.dossier.DocumentRecord;
import ma.rokhsa.api.dossier.DossierRecord;
import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.signer.pades.PadesLevel;
import ma.rokhsa.signer.pades.PdfBoxPadesSigner;
import ma.rokhsa.signer.pades.SignatureParameters;
import ma.rokhsa.signer.render.Bilingual;
import ma.rokhsa.signer.render.FiledDocument;
import ma.rokhsa.signer.render.FilingReceipt;
import ma.rokhsa.signer.render.OpenHtmlToPdfRenderer;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The filing receipt (récépissé) of a submission: reference, date and time, type, commune, and every
 * document with its SHA-256, rendered in Arabic and French and sealed by the platform (PAdES B-T), so
 * the architect can prove what was filed and when.
 */
@Component
public class Receipts {

    static final ZoneId MOROCCO = ZoneId.of("Africa/Casablanca");

    private final OpenHtmlToPdfRenderer renderer;
    private final PdfBoxPadesSigner signer;
    private final PlatformSeal seal;
    private final IssuedDocuments issued;
    private final Catalog catalog;
    private final DatabaseClient db;

    private final VerificationLinks links;

    Receipts(OpenHtmlToPdfRenderer renderer, PdfBoxPadesSigner signer, PlatformSeal seal, IssuedDocuments issued,
             Catalog catalog, DatabaseClient db, VerificationLinks links) {
        this.links = links;
        this.renderer = renderer;
        this.signer = signer;
        this.seal = seal;
        this.issued = issued;
        this.catalog = catalog;
        this.db = db;
    }

    /** A receipt rendered and sealed, not yet recorded. */
    public record Sealed(String reference, UUID dossierId, byte[] pdf) {
    }

    /**
     * Renders and seals the receipt of a submission (slow: rendering, signing, the timestamp authority's
     * answer), to be recorded by {@link #record} in the transaction that submits: nothing is locked meanwhile.
     */
    public Mono<Sealed> seal(DossierRecord d, String applicantName, List<DocumentRecord> documents, ZonedDateTime at) {
        return db.sql("SELECT count(*) AS n FROM issued_document WHERE dossier_id = :d AND kind = 'RECEIPT'").bind("d", d.id())
                .map(r -> r.get("n", Long.class)).one()
                .flatMap(n -> bilingualCommune(d.communeCode()).flatMap(commune -> {
                    String reference = d.reference() + "-R" + (n + 1);
                    Catalog.DossierType type = catalog.type(d.type()).orElseThrow();
                    FilingReceipt receipt = new FilingReceipt(reference, at.withZoneSameInstant(MOROCCO),
                            Bilingual.of(type.name(), type.nameAr()), commune, applicantName,
                            documents.stream().map(doc -> new FiledDocument(doc.fileName(), doc.size(), doc.sha256())).toList(),
                            verificationUrl(reference));
                    return renderer.render(receipt)
                            .flatMap(pdf -> sealPdf(pdf, "Récépissé de dépôt " + reference))
                            .map(signed -> new Sealed(reference, d.id(), signed));
                }));
    }

    /** Records a sealed receipt (inside the caller's transaction); refused if that reference exists already. */
    public Mono<IssuedDocuments.Issued> record(Sealed receipt) {
        return issued.record(receipt.reference(), receipt.dossierId(), "RECEIPT", receipt.pdf(), true);
    }

    /** Seals a platform-issued PDF (B-T: timestamped). */
    public Mono<byte[]> sealPdf(byte[] pdf, String reason) {
        return seal.token().flatMap(token -> signer.sign(pdf,
                SignatureParameters.builder(PadesLevel.B_T, token.certificateChain())
                        .signerName("Plateforme Rokhsa").reason(reason).location("Maroc").build(), token));
    }

    /** The verification link (with its token) printed on the document with that reference. */
    public URI verificationUrl(String reference) {
        return links.of(reference);
    }

    public Mono<Bilingual> bilingualCommune(String code) {
        return db.sql("SELECT name_fr, name_ar FROM commune WHERE code = :c").bind("c", code)
                .map(r -> Bilingual.of(r.get("name_fr", String.class), r.get("name_ar", String.class))).one();
    }
}
