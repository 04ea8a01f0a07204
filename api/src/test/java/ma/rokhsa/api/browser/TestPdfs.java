package ma.rokhsa.api.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Real PDFs made for the browser journeys: French text documents and vector plan sheets, written with PDFBox. */
final class TestPdfs {

    private TestPdfs() {
    }

    /** An A4 page of French text (WinAnsi covers the accents), one paragraph per line given. */
    static Path text(Path dir, String name, String title, String... lines) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                s.beginText();
                s.setFont(bold, 16);
                s.newLineAtOffset(60, 770);
                s.showText(title);
                s.setFont(font, 11);
                for (String line : lines) {
                    s.newLineAtOffset(0, -22);
                    s.showText(line);
                }
                s.endText();
            }
            return save(doc, dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plan sheet (A1 landscape): a building outline, rooms and a title block with the given words. */
    static Path plan(Path dir, String name, String label) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(PDRectangle.A1.getHeight(), PDRectangle.A1.getWidth()));
            doc.addPage(page);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                s.setLineWidth(3);
                s.addRect(200, 300, 1200, 900);
                s.stroke();
                s.setLineWidth(1);
                for (int x = 200; x < 1400; x += 300) {
                    s.addRect(x, 300, 300, 450);
                    s.addRect(x, 750, 300, 450);
                }
                s.stroke();
                s.beginText();
                s.setFont(font, 28);
                s.newLineAtOffset(1500, 200);
                s.showText(label);
                s.newLineAtOffset(0, -40);
                s.showText("Echelle 1/100 - Plan du rez-de-chaussee");
                s.endText();
            }
            return save(doc, dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first half of a PDF's bytes: a damaged file, as a broken download leaves it. */
    static Path truncated(Path source, Path target) {
        try {
            byte[] bytes = Files.readAllBytes(source);
            return Files.write(target, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path save(PDDocument doc, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out);
        return Files.write(file, out.toByteArray());
    }
}
