package ma.rokhsa.signer.pades;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a signed revision with the final document and lists the changes that are not allowed
 * after a signature. Allowed: new signature fields and their widgets, a DSS dictionary (validation
 * data), document timestamps, the AcroForm entries that come with them, and XMP metadata. Anything
 * else (page count, a page's content, resources or annotations, document-level actions and names,
 * form field values) is a modification. Structural comparison of the object graphs, so it works
 * whatever tool wrote the updates.
 */
final class RevisionDiff {

    private static final Set<COSName> CATALOG_ALLOWED = Set.of(COSName.ACRO_FORM, COSName.getPDFName("DSS"),
            COSName.PAGES, COSName.METADATA, COSName.getPDFName("Extensions"), COSName.getPDFName("Perms"), COSName.VERSION);
    private static final Set<COSName> SKIP_KEYS = Set.of(COSName.PARENT, COSName.P, COSName.getPDFName("Annots"));
    private static final int MAX_NODES = 500_000;

    private final List<String> changes = new ArrayList<>();
    private final Map<COSBase, COSBase> seen = new IdentityHashMap<>();
    private int nodes;

    private RevisionDiff() {
    }

    /** The disallowed changes from {@code signed} to {@code last}, empty if none. */
    static List<String> disallowedChanges(PDDocument signed, PDDocument last) throws IOException {
        RevisionDiff d = new RevisionDiff();
        d.compare(signed, last);
        return d.changes;
    }

    private void compare(PDDocument a, PDDocument b) throws IOException {
        int na = a.getNumberOfPages();
        int nb = b.getNumberOfPages();
        if (na != nb) {
            changes.add("the number of pages changed from " + na + " to " + nb);
            return;
        }
        for (int i = 0; i < na; i++) {
            PDPage pa = a.getPage(i);
            PDPage pb = b.getPage(i);
            if (!same(pa.getCOSObject(), pb.getCOSObject())) {
                changes.add("page " + (i + 1) + " content, resources or geometry changed");
            }
            List<COSBase> annA = nonSignatureAnnotations(pa);
            List<COSBase> annB = nonSignatureAnnotations(pb);
            if (annA.size() != annB.size()) {
                changes.add("page " + (i + 1) + ": annotations added or removed");
            } else {
                for (int k = 0; k < annA.size(); k++) {
                    if (!same(annA.get(k), annB.get(k))) {
                        changes.add("page " + (i + 1) + ": an annotation changed");
                        break;
                    }
                }
            }
        }
        COSDictionary ca = a.getDocumentCatalog().getCOSObject();
        COSDictionary cb = b.getDocumentCatalog().getCOSObject();
        for (COSName key : union(ca, cb)) {
            if (!CATALOG_ALLOWED.contains(key) && !same(ca.getItem(key), cb.getItem(key))) {
                changes.add("document-level entry /" + key.getName() + " changed");
            }
        }
        Map<String, COSBase> fa = fieldValues(a.getDocumentCatalog().getAcroForm(null));
        Map<String, COSBase> fb = fieldValues(b.getDocumentCatalog().getAcroForm(null));
        if (!fa.keySet().equals(fb.keySet())) {
            changes.add("form fields were added or removed");
        } else {
            for (Map.Entry<String, COSBase> e : fa.entrySet()) {
                if (!same(e.getValue(), fb.get(e.getKey()))) {
                    changes.add("form field '" + e.getKey() + "' changed");
                }
            }
        }
        if (nodes > MAX_NODES) {
            changes.add("the document is too large to compare its revisions completely");
        }
    }

    private static List<COSName> union(COSDictionary a, COSDictionary b) {
        List<COSName> keys = new ArrayList<>(a.keySet());
        for (COSName k : b.keySet()) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static List<COSBase> nonSignatureAnnotations(PDPage page) {
        List<COSBase> out = new ArrayList<>();
        COSBase annots = page.getCOSObject().getDictionaryObject(COSName.getPDFName("Annots"));
        if (annots instanceof COSArray arr) {
            for (COSBase item : arr) {
                COSBase o = item instanceof COSObject obj ? obj.getObject() : item;
                if (o instanceof COSDictionary d && isSignatureWidget(d)) {
                    continue;
                }
                out.add(o);
            }
        }
        return out;
    }

    private static boolean isSignatureWidget(COSDictionary d) {
        if (!COSName.WIDGET.equals(d.getCOSName(COSName.SUBTYPE))) {
            return false;
        }
        COSDictionary f = d;
        for (int i = 0; i < 10 && f != null; i++) {
            COSName ft = f.getCOSName(COSName.FT);
            if (ft != null) {
                return COSName.SIG.equals(ft);
            }
            f = f.getCOSDictionary(COSName.PARENT);
        }
        return false;
    }

    private static Map<String, COSBase> fieldValues(PDAcroForm form) {
        Map<String, COSBase> out = new LinkedHashMap<>();
        if (form == null) {
            return out;
        }
        for (PDField f : form.getFieldTree()) {
            if (f instanceof PDSignatureField) {
                continue;
            }
            COSBase v = f.getCOSObject().getDictionaryObject(COSName.V);
            out.put(f.getFullyQualifiedName(), v);
        }
        return out;
    }

    /** Deep structural equality; streams by raw (encoded) bytes; cycles and shared objects visited once. */
    private boolean same(COSBase x, COSBase y) throws IOException {
        COSBase a = x instanceof COSObject o ? o.getObject() : x;
        COSBase b = y instanceof COSObject o ? o.getObject() : y;
        if (a == null || b == null) {
            return a == b;
        }
        if (++nodes > MAX_NODES) {
            return true;
        }
        if (a instanceof COSDictionary da && b instanceof COSDictionary db) {
            COSBase prior = seen.get(da);
            if (prior == db) {
                return true;
            }
            seen.put(da, db);
            if (da instanceof COSStream sa) {
                if (!(db instanceof COSStream sb) || !sameRaw(sa, sb)) {
                    return false;
                }
            } else if (db instanceof COSStream) {
                return false;
            }
            for (COSName key : union(da, db)) {
                if (SKIP_KEYS.contains(key)) {
                    continue;
                }
                if (!same(da.getItem(key), db.getItem(key))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof COSArray aa && b instanceof COSArray ab) {
            if (aa.size() != ab.size()) {
                return false;
            }
            for (int i = 0; i < aa.size(); i++) {
                if (!same(aa.get(i), ab.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean sameRaw(COSStream a, COSStream b) throws IOException {
        try (InputStream ia = a.createRawInputStream(); InputStream ib = b.createRawInputStream()) {
            return Arrays.equals(ia.readAllBytes(), ib.readAllBytes());
        }
    }
}
