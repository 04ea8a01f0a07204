package ma.rokhsa.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns an {@link Extraction} into the problems it has for a {@link KindRule}. Pure: the same extraction
 * and rule always give the same problems, so a document can be re-validated when its kind's rule
 * changes (except that text facts are absent from documents that were not parsed).
 *
 * <p>Decisions, in order:
 * <ol>
 * <li>An empty file has only {@code EMPTY_FILE}; a file over the size limit gets {@code FILE_TOO_LARGE}.</li>
 * <li>Type: programs ({@code EXECUTABLE_REFUSED}) and archives ({@code ARCHIVE_REFUSED}) whatever their
 *     name; a type the kind does not accept is {@code CONTENT_MISMATCH} when the name lies about it, else
 *     {@code TYPE_NOT_ACCEPTED}. A type error ends validation: nothing else about such a file matters.</li>
 * <li>PDF structure: {@code ENCRYPTED_PDF} when a password is needed (a PDF that opens but restricts
 *     printing or copying only gets a {@code RESTRICTED_PDF} warning); {@code CORRUPT_PDF} when the file
 *     is truncated or PDFBox/Tika cannot read it; {@code PDF_JAVASCRIPT} and {@code PDF_EMBEDDED_FILES} are
 *     <em>rejected</em>, not quarantined: a plan or form never needs scripts or attachments, reviewers open
 *     these files in their own viewers, and an attachment would escape every check made here (type, size,
 *     archives), so the architect is asked for a clean export.</li>
 * <li>Pages and sheets: {@code TOO_MANY_PAGES}, {@code TOO_FEW_PAGES}, {@code SHEET_SIZE_NOT_ACCEPTED}.</li>
 * <li>Extraction: {@code EXTRACTION_TIMEOUT}, {@code EXTRACTION_FAILED}; text that hit the output-size
 *     limit is kept, cut, with an {@code OUTPUT_TOO_LARGE} warning (the document itself is fine).</li>
 * <li>Text (not for corrupt PDFs, whose text cannot be trusted): scanned pages of a kind that allows OCR,
 *     left unread because OCR is not available on the server, are an {@code OCR_UNAVAILABLE} warning; where
 *     the kind requires text, fewer than {@value #MIN_LETTERS} readable letters (unless such unread pages may
 *     hold them: nobody can tell yet that the scan is unreadable), or a text layer over
 *     {@value #GARBLED_LIMIT} garbled, is {@code NO_TEXT_LAYER}; elsewhere a garbled text layer is a
 *     {@code TEXT_UNREADABLE} warning.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class DocumentValidator {

    /** Readable letters a document must yield where its kind requires text. */
    public static final int MIN_LETTERS = 40;
    /** Share of unreadable characters above which a text layer counts as garbled. */
    public static final double GARBLED_LIMIT = 0.3;

    private static final int MAX_LISTED_PAGES = 5;

    private DocumentValidator() {
    }

    /** All problems of the document for the kind, errors first. */
    public static Validation validate(Extraction extraction, KindRule rule) {
        List<Problem> problems = new ArrayList<>(facts(extraction, rule));
        boolean typeOrEmpty = problems.stream().anyMatch(p -> p.isError() && (p.code() == ProblemCode.EMPTY_FILE
                || p.code() == ProblemCode.EXECUTABLE_REFUSED || p.code() == ProblemCode.ARCHIVE_REFUSED
                || p.code() == ProblemCode.CONTENT_MISMATCH || p.code() == ProblemCode.TYPE_NOT_ACCEPTED));
        if (!typeOrEmpty) {
            problems.addAll(outcome(extraction, rule, problems));
        }
        problems.sort(Comparator.comparing(p -> p.severity().ordinal()));
        return new Validation(problems);
    }

    /** True when what is known before parsing the text already rejects the document. */
    static boolean rejectsOnFacts(Extraction extraction, KindRule rule) {
        return facts(extraction, rule).stream().anyMatch(Problem::isError);
    }

    /** Problems from size, type and structure: knowable before any text is parsed. */
    private static List<Problem> facts(Extraction e, KindRule rule) {
        List<Problem> problems = new ArrayList<>();
        String name = TypeScreen.displayName(e.fileName());
        if (e.size() == 0) {
            problems.add(Problem.error(ProblemCode.EMPTY_FILE, name
                    + " is empty (0 bytes): upload the document again, and check that it opens on your computer."));
            return problems;
        }
        if (e.size() < 0) {
            return problems; // nothing was learned (the extraction was cut from outside)
        }
        problems.addAll(UploadGate.checkLength(e.size(), true, e.fileName(), rule));
        List<Problem> type = TypeScreen.screen(e.mediaType(), e.fileName(), rule);
        problems.addAll(type);
        if (type.stream().anyMatch(Problem::isError)) {
            return problems;
        }
        DocumentMetadata m = e.metadata();
        if (m.passwordRequired()) {
            problems.add(Problem.error(ProblemCode.ENCRYPTED_PDF, name
                    + " is password-protected: upload it without a password (save or export a copy with no"
                    + " password or security)."));
            return problems; // nothing else can be read
        }
        if (m.encrypted()) {
            problems.add(Problem.warning(ProblemCode.RESTRICTED_PDF, name
                    + " opens without a password but its author restricted what readers may do (print, copy);"
                    + " it was accepted. If reviewers must print it, upload a copy without restrictions."));
        }
        if (!m.defects().isEmpty()) {
            problems.add(Problem.error(ProblemCode.CORRUPT_PDF, name + " is damaged or incomplete: "
                    + String.join("; ", m.defects()) + ". Export or scan the document again and upload the new file."));
        }
        if (m.hasJavaScript()) {
            problems.add(Problem.error(ProblemCode.PDF_JAVASCRIPT, name
                    + " contains JavaScript. Documents with scripts are rejected because scripts run in reviewers'"
                    + " PDF viewers and a plan or form never needs them: export or print the document to a new"
                    + " PDF without scripts (e.g. \"Print to PDF\") and upload that."));
        }
        if (m.hasEmbeddedFiles()) {
            String files = m.embeddedFileNames().isEmpty() ? "" : " (" + String.join(", ", m.embeddedFileNames()) + ")";
            problems.add(Problem.error(ProblemCode.PDF_EMBEDDED_FILES, name + " carries embedded files" + files
                    + ". Attachments inside a PDF are rejected because they escape every check made on uploads:"
                    + " remove them and upload each document as its own file."));
        }
        pages(e, rule, name, problems);
        return problems;
    }

    private static void pages(Extraction e, KindRule rule, String name, List<Problem> problems) {
        DocumentMetadata m = e.metadata();
        boolean corrupt = !m.defects().isEmpty();
        boolean pdf = TypeScreen.REGISTRY.isInstanceOf(TypeScreen.parse(e.mediaType()),
                TypeScreen.parse(KindRule.PDF));
        int count = m.pageCount();
        // Pages are known once PDFBox has read a PDF, or when the parser of another type reported them
        // (images: 1; office documents only when their properties say).
        boolean known = pdf ? m.pdfVersion() != null : e.status() == Extraction.Status.COMPLETE && count > 0;
        if (!known) {
            return;
        }
        if (count > rule.maxPages()) {
            problems.add(Problem.error(ProblemCode.TOO_MANY_PAGES, name + " has " + count + " pages; " + rule.name()
                    + " accept at most " + rule.maxPages() + ": split it into several files and upload each."));
        } else if (count < rule.minPages() && !corrupt) {
            problems.add(Problem.error(ProblemCode.TOO_FEW_PAGES, name + " has " + count + " page"
                    + (count == 1 ? "" : "s") + "; " + rule.name() + " need at least " + rule.minPages()
                    + ": upload the complete document."));
        }
        List<PageSize> refused = m.pages().stream().filter(p -> !sheetAccepted(p, rule)).toList();
        if (!refused.isEmpty()) {
            String listed = refused.stream().limit(MAX_LISTED_PAGES)
                    .map(p -> "page " + p.page() + " is " + p.describe()).collect(Collectors.joining("; "));
            if (refused.size() > MAX_LISTED_PAGES) {
                listed += "; and " + (refused.size() - MAX_LISTED_PAGES) + " more";
            }
            problems.add(Problem.error(ProblemCode.SHEET_SIZE_NOT_ACCEPTED, name + ": " + listed + ". "
                    + TypeScreen.capitalise(rule.name()) + " accept " + describeSheets(rule)
                    + ": print or export those pages to an accepted size."));
        }
    }

    private static boolean sheetAccepted(PageSize p, KindRule rule) {
        if (!rule.sheetFormats().isEmpty() && !rule.sheetFormats().contains(p.format())) {
            return false;
        }
        return rule.maxSheetMm() <= 0 || p.longSideMm() <= rule.maxSheetMm();
    }

    private static String describeSheets(KindRule rule) {
        String formats = rule.sheetFormats().isEmpty() ? "any sheet format"
                : rule.sheetFormats().stream().sorted().map(SheetFormat::label).collect(Collectors.joining(", "));
        return rule.maxSheetMm() > 0
                ? formats + String.format(Locale.ROOT, " up to %.0f mm on the long side", rule.maxSheetMm())
                : formats;
    }

    /** Problems from how extraction ended and from the text. */
    private static List<Problem> outcome(Extraction e, KindRule rule, List<Problem> earlier) {
        List<Problem> problems = new ArrayList<>();
        String name = TypeScreen.displayName(e.fileName());
        boolean corrupt = earlier.stream().anyMatch(p -> p.code() == ProblemCode.CORRUPT_PDF);
        boolean rejected = earlier.stream().anyMatch(Problem::isError);
        switch (e.status()) {
            case TIMED_OUT -> problems.add(Problem.error(ProblemCode.EXTRACTION_TIMEOUT, name
                    + " took too long to read and was stopped. If it is a very large or complex file, reduce it"
                    + " (fewer pages, lower image resolution, flattened layers) and upload it again."));
            case FAILED -> {
                if (!corrupt) {
                    problems.add(Problem.error(ProblemCode.EXTRACTION_FAILED, name
                            + " could not be read: the file may be damaged or made by a tool we cannot read."
                            + " Export it again (as a standard PDF) and upload the new file."));
                }
            }
            case NOT_PARSED -> {
                if (!rejected) { // fail closed: a document never read is never valid
                    problems.add(Problem.error(ProblemCode.EXTRACTION_FAILED, name
                            + " was not read (it was checked against another document kind): upload it again."));
                }
            }
            case COMPLETE -> {
                if (e.textTruncated()) {
                    problems.add(Problem.warning(ProblemCode.OUTPUT_TOO_LARGE, name
                            + " has more text than is kept for search; it was accepted and only its beginning is"
                            + " searchable."));
                }
                if (!corrupt) {
                    text(e, rule, name, problems);
                }
            }
        }
        return problems;
    }

    private static void text(Extraction e, KindRule rule, String name, List<Problem> problems) {
        boolean garbled = e.garbledRatio() > GARBLED_LIMIT;
        List<Integer> unread = rule.ocrAllowed() && e.ocrUnavailable() ? e.metadata().imageOnlyPages() : List.of();
        if (!unread.isEmpty()) {
            problems.add(Problem.warning(ProblemCode.OCR_UNAVAILABLE, unreadMessage(e, name, unread)));
        }
        if (rule.textRequired()) {
            long letters = TextQuality.readableLetters(e.text(), MIN_LETTERS);
            if ((letters < MIN_LETTERS && unread.isEmpty()) || garbled) {
                String why = garbled
                        ? "its text cannot be read (its fonts have no character map, or the file is damaged)"
                        : e.ocrPages() > 0 ? "no readable text was found in it, even by character recognition"
                        : "it contains no text (it looks like a scan or an image)";
                problems.add(Problem.error(ProblemCode.NO_TEXT_LAYER, name + ": " + why + ", and " + rule.name()
                        + " must contain readable text. Export the document to PDF from the application that made it"
                        + " (not a scan), or upload a sharper, straight scan."));
            }
        } else if (garbled) {
            problems.add(Problem.warning(ProblemCode.TEXT_UNREADABLE, name + ": part of its text cannot be read"
                    + " (fonts without a character map); it was accepted, but it will be hard to find by search."));
        }
    }

    /** Says which part is a scan (the whole document, or some pages), and what happens to it. */
    private static String unreadMessage(Extraction e, String name, List<Integer> unread) {
        boolean pdf = TypeScreen.REGISTRY.isInstanceOf(TypeScreen.parse(e.mediaType()), TypeScreen.parse(KindRule.PDF));
        boolean whole = !pdf || unread.size() >= e.metadata().pageCount();
        String what;
        if (whole) {
            what = " looks like a scan: its text";
        } else {
            String pages = unread.stream().limit(MAX_LISTED_PAGES).map(String::valueOf).collect(Collectors.joining(", "));
            if (unread.size() > MAX_LISTED_PAGES) {
                pages += " and " + (unread.size() - MAX_LISTED_PAGES) + " more";
            }
            what = " has scanned page" + (unread.size() == 1 ? " " : "s ") + pages + ": the text of "
                    + (unread.size() == 1 ? "that page" : "those pages");
        }
        return name + what + " could not be read because character recognition (OCR) is not available on this"
                + " server. It was accepted, but search will not find " + (whole ? "its" : "their")
                + " words until " + (whole ? "it is" : "they are") + " read; " + (whole ? "it" : "they")
                + " will be read automatically once OCR is turned on.";
    }
}
