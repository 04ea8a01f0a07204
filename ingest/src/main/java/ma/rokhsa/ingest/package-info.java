/**
 * Ingest stage: decides whether an uploaded document can be reviewed at all.
 *
 * <p>Three steps, each usable alone:
 * <ol>
 * <li>{@link ma.rokhsa.ingest.UploadGate} — while the bytes arrive: real type from the first bytes,
 *     programs, archives (zip bombs), lying names and unaccepted types refused at once; empty and
 *     oversized uploads. Pure CPU, safe on an event loop.</li>
 * <li>{@link ma.rokhsa.ingest.TikaExtractor} — once stored: type, PDF structure (PDFBox), text (Tika, with
 *     Tesseract OCR in {@code ara+fra} for scans where the kind allows it), language, normalisation; on a
 *     named bounded scheduler, with a time and an output-size limit per document, in this JVM or in worker
 *     processes. Returns {@link ma.rokhsa.ingest.Extraction} facts.</li>
 * <li>{@link ma.rokhsa.ingest.DocumentValidator} — facts and a {@link ma.rokhsa.ingest.KindRule} in,
 *     {@link ma.rokhsa.ingest.Problem}s out (stable codes, messages that say what to fix). Pure.</li>
 * </ol>
 * {@link ma.rokhsa.ingest.TikaBaseline} measures bare Tika on the same files for benchmarks. Every
 * failure of the service (not of a document) is an {@link ma.rokhsa.ingest.IngestException}.
 */
package ma.rokhsa.ingest;
