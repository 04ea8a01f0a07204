package ma.rokhsa.ingest;

import org.apache.tika.exception.WriteLimitReachedException;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Collects the text of a parse with two limits: an output size (text beyond it is dropped and parsing
 * stops with Tika's {@link WriteLimitReachedException}) and a deadline (checked at every SAX event; once
 * passed, the parse is stopped the same way, so a parse that keeps producing output stops at once). It also counts the characters inside Tesseract's
 * {@code <div class="ocr">} to tell whether text came from OCR. One instance per parse; not thread-safe.
 */
final class BoundedTextHandler extends DefaultHandler {

    /**
     * Thrown at every SAX event after the deadline. It is a {@link WriteLimitReachedException} because that
     * is the one exception Tika's parsers rethrow instead of recording it and going on with the next page
     * (a 15,000-page PDF would otherwise throw, and keep, 15,000 of them). No stack trace: it is control flow.
     */
    static final class DeadlineExceededException extends WriteLimitReachedException {
        DeadlineExceededException() {
            super(0);
        }

        @Override
        public String getMessage() {
            return "per-document time limit reached";
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final StringBuilder text = new StringBuilder();
    private final int limit;
    private final long deadlineNanos;
    private boolean truncated;
    private boolean timedOut;
    private int divDepth;
    private int ocrDivDepth = -1;
    private long ocrChars;

    BoundedTextHandler(int limit, long deadlineNanos) {
        this.limit = limit;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        checkDeadline();
        if ("div".equals(localName)) {
            divDepth++;
            if (ocrDivDepth < 0 && "ocr".equals(atts.getValue("class"))) {
                ocrDivDepth = divDepth;
            }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        checkDeadline();
        if ("div".equals(localName)) {
            if (divDepth == ocrDivDepth) {
                ocrDivDepth = -1;
            }
            divDepth--;
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        checkDeadline();
        if (ocrDivDepth >= 0) {
            for (int i = start; i < start + length; i++) {
                if (!Character.isWhitespace(ch[i])) {
                    ocrChars++;
                }
            }
        }
        append(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        checkDeadline();
        append(ch, start, length);
    }

    private void append(char[] ch, int start, int length) throws SAXException {
        if (truncated) {
            throw new WriteLimitReachedException(limit);
        }
        int room = limit - text.length();
        if (length > room) {
            text.append(ch, start, Math.max(0, room));
            truncated = true;
            throw new WriteLimitReachedException(limit);
        }
        text.append(ch, start, length);
    }

    private void checkDeadline() throws SAXException {
        // an interrupt means the caller gave up (cancelled, or the hard time guard fired): stop as well
        if (timedOut || System.nanoTime() - deadlineNanos > 0 || Thread.currentThread().isInterrupted()) {
            timedOut = true;
            throw new DeadlineExceededException();
        }
    }

    String text() {
        return text.toString();
    }

    boolean truncated() {
        return truncated;
    }

    boolean timedOut() {
        return timedOut;
    }

    long ocrChars() {
        return ocrChars;
    }
}
