package ma.rokhsa.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Makes the fixtures that PDFBox and Apache POI write (see {@code fixtures/README.md}); the others are
 * made with qpdf, head, zip and pdftoppm. {@code main} regenerates the committed ones; tests call the
 * large or variant ones directly into a temporary directory.
 */
final class FixtureFactory {

    static final String FORM_TEXT = "Formulaire de demande d'autorisation de construire. Commune d'Azilal.";

    private static Path longDocument;

    /**
     * A 30,000-page PDF (one line of text per page), made once per test JVM: long enough to parse that a
     * time limit or a kill lands mid-parse on any machine (a warm parser read 15,000 pages in under 3 s).
     */
    static synchronized Path longDocument() throws IOException {
        if (longDocument == null) {
            Path dir = Files.createTempDirectory("rokhsa-ingest-long");
            Path file = dir.resolve("long-dossier.pdf");
            manyPages(file, 30_000);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            longDocument = file;
        }
        return longDocument;
    }

    private FixtureFactory() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/fixtures");
        javascriptOpenAction(dir.resolve("javascript.pdf"));
        embeddedFile(dir.resolve("embedded-file.pdf"));
        planA0(dir.resolve("plan-a0.pdf"));
        docx(dir.resolve("plans.docx"));
        resaved(dir.resolve("truncated.pdf"), dir.resolve("garbled.pdf"));
    }

    /**
     * Loads a damaged PDF with PDFBox's lenient parser and saves it whole: a structurally sound file that
     * keeps the damage (fonts that lost their character maps), as "repair" tools produce.
     */
    static void resaved(Path damaged, Path out) throws IOException {
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(damaged.toFile())) {
            doc.save(out.toFile());
        }
    }

    /** A one-page form whose catalog /OpenAction runs JavaScript. */
    static void javascriptOpenAction(Path out) throws IOException {
        try (PDDocument doc = textDocument(FORM_TEXT)) {
            doc.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert('Bonjour');"));
            doc.save(out.toFile());
        }
    }

    /** A one-page form with a link annotation whose action is JavaScript. */
    static void javascriptLink(Path out) throws IOException {
        try (PDDocument doc = textDocument(FORM_TEXT)) {
            PDAnnotationLink link = new PDAnnotationLink();
            link.setRectangle(new PDRectangle(72, 700, 200, 20));
            link.setAction(new PDActionJavaScript("this.print();"));
            doc.getPage(0).getAnnotations().add(link);
            doc.save(out.toFile());
        }
    }

    /** A one-page form with notes.txt in the EmbeddedFiles name tree. */
    static void embeddedFile(Path out) throws IOException {
        try (PDDocument doc = textDocument(FORM_TEXT)) {
            PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
            tree.setNames(Map.of("notes.txt", fileSpec(doc, "notes.txt")));
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
            names.setEmbeddedFiles(tree);
            doc.getDocumentCatalog().setNames(names);
            doc.save(out.toFile());
        }
    }

    /** A one-page form with a file attachment annotation carrying devis.txt. */
    static void attachmentAnnotation(Path out) throws IOException {
        try (PDDocument doc = textDocument(FORM_TEXT)) {
            PDAnnotationFileAttachment attachment = new PDAnnotationFileAttachment();
            attachment.setFile(fileSpec(doc, "devis.txt"));
            attachment.setRectangle(new PDRectangle(500, 700, 20, 20));
            doc.getPage(0).getAnnotations().add(attachment);
            doc.save(out.toFile());
        }
    }

    /** An A0 landscape plan sheet: a floor plan drawn with vectors and a title block. */
    static void planA0(Path out) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDRectangle a0 = new PDRectangle(PDRectangle.A0.getHeight(), PDRectangle.A0.getWidth());
            PDPage page = new PDPage(a0);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.setLineWidth(4);
                cs.addRect(400, 400, 2200, 1400);
                cs.addRect(400, 400, 1000, 800);
                cs.addRect(1400, 400, 1200, 800);
                cs.addRect(400, 1200, 2200, 600);
                cs.stroke();
                cs.setLineWidth(1);
                for (int x = 100; x < 3300; x += 100) {
                    cs.moveTo(x, 60);
                    cs.lineTo(x, 80);
                }
                cs.stroke();
                text(cs, 28, 2700, 300, "PLAN DE MASSE - ECHELLE 1/100");
                text(cs, 20, 2700, 260, "Maison individuelle R+1, Azilal");
                text(cs, 20, 2700, 230, "Titre foncier 7731/42");
            }
            doc.save(out.toFile());
        }
    }

    /**
     * {@code pages} small pages, each showing the same line of text from one shared content stream: a huge
     * page count in a small file, quick to write, and as slow to parse as any {@code pages}-page PDF.
     */
    static void manyPages(Path out, int pages) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDPage first = new PDPage(new PDRectangle(200, 200));
            doc.addPage(first);
            try (PDPageContentStream cs = new PDPageContentStream(doc, first)) {
                cs.beginText();
                cs.setFont(font, 10);
                cs.newLineAtOffset(20, 100);
                cs.showText("Page du dossier de demande");
                cs.endText();
            }
            for (int i = 2; i <= pages; i++) {
                PDPage page = new PDPage(new PDRectangle(200, 200));
                page.getCOSObject().setItem(org.apache.pdfbox.cos.COSName.CONTENTS,
                        first.getCOSObject().getItem(org.apache.pdfbox.cos.COSName.CONTENTS));
                page.setResources(first.getResources());
                doc.addPage(page);
            }
            doc.save(out.toFile());
        }
    }

    /** One huge sheet ({@code mm} square) carrying a small image: OCR must render the whole sheet. */
    static void hugeSheetWithImage(Path out, float mm) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            float pt = mm / 25.4f * 72f;
            PDPage page = new PDPage(new PDRectangle(pt, pt));
            doc.addPage(page);
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(100, 100,
                    java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject x =
                    org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory.createFromImage(doc, img);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawImage(x, 10, 10, 100, 100);
            }
            doc.save(out.toFile());
        }
    }

    /** A text dossier of {@code pages} A4 pages of French prose, as office software would export it. */
    static void textDossier(Path out, int pages) throws IOException {
        String[] lines = {
                "Note de présentation du projet de construction d'une maison individuelle R+1.",
                "Le terrain, objet du titre foncier n° 7731/42, est situé dans la commune d'Azilal.",
                "La construction respecte le plan d'aménagement et la hauteur maximale de 8,50 mètres.",
                "Les réseaux d'eau potable, d'assainissement et d'électricité seront raccordés.",
                "Le coefficient d'occupation du sol et les reculs réglementaires sont respectés."};
        try (PDDocument doc = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
            for (int p = 1; p <= pages; p++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 11);
                    cs.setLeading(14);
                    cs.newLineAtOffset(60, 780);
                    cs.showText("Page " + p);
                    for (int i = 0; i < 45; i++) {
                        cs.newLine();
                        cs.showText(lines[(i + p) % lines.length]);
                    }
                    cs.endText();
                }
            }
            doc.save(out.toFile());
        }
    }

    /** A Word document with a French paragraph, written by Apache POI. */
    static void docx(Path out) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(); OutputStream os = Files.newOutputStream(out)) {
            doc.createParagraph().createRun().setText("Note de présentation du projet : maison individuelle R+1.");
            doc.write(os);
        }
    }

    static PDDocument textDocument(String line) throws IOException {
        PDDocument doc = new PDDocument();
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            text(cs, 12, 72, 750, line);
        }
        return doc;
    }

    private static PDComplexFileSpecification fileSpec(PDDocument doc, String name) throws IOException {
        byte[] bytes = "Devis estimatif: 350 000 MAD".getBytes(StandardCharsets.UTF_8);
        PDEmbeddedFile ef = new PDEmbeddedFile(doc, new ByteArrayInputStream(bytes));
        ef.setSubtype("text/plain");
        ef.setSize(bytes.length);
        PDComplexFileSpecification fs = new PDComplexFileSpecification();
        fs.setFile(name);
        fs.setFileUnicode(name);
        fs.setEmbeddedFile(ef);
        return fs;
    }

    private static void text(PDPageContentStream cs, float size, float x, float y, String s) throws IOException {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), size);
        cs.newLineAtOffset(x, y);
        cs.showText(s);
        cs.endText();
    }
}
