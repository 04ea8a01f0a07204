package ma.rokhsa.api.demo;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

/**
 * One dossier of the demo story: who files what, where, and how it ends. Its content is fixed by the
 * scenario; its id and reference are learnt when the seed creates it, and it is marked failed (its
 * remaining steps skipped) if the application refuses one of its steps.
 *
 * @param key          a name for logs, e.g. {@code KHB-07}
 * @param arabicForm   whether its application form is filled in Arabic
 * @param titleNumber  the land title, e.g. {@code 23457/10}
 * @param landArea     m2 of the parcel
 * @param coveredArea  m2 per use, for the fees (empty for dossier types without a construction tax)
 */
record DossierStory(String key, String commune, String type, boolean large, String architect, Fate fate, String title,
                    Person applicant, Address address, String titleNumber, int landArea, Map<String, BigDecimal> coveredArea,
                    BigDecimal worksCost, boolean arabicForm, Runtime runtime) {

    record Person(String nameFr, String nameAr, boolean female, String idNumber) {

        String civilFr() {
            return (female ? "Mme " : "M. ") + nameFr;
        }

        String civilAr() {
            return (female ? "السيدة " : "السيد ") + nameAr;
        }
    }

    record Address(int number, Cast.Text street, Cast.Text quarter, Cast.Text commune) {

        String fr() {
            return "lot " + number + ", " + street.fr() + ", " + quarter.fr() + ", " + commune.fr();
        }

        String ar() {
            return "القطعة " + number + "، " + street.ar() + "، " + quarter.ar() + "، " + commune.ar();
        }
    }

    /** What the seed learns about the dossier as it runs. Thread-safe. */
    static final class Runtime {
        private volatile UUID id;
        private volatile String reference;
        private volatile String failure;

        UUID id() {
            if (id == null) {
                throw new IllegalStateException("the dossier has not been created yet");
            }
            return id;
        }

        String reference() {
            return reference;
        }

        void created(UUID id, String reference) {
            this.id = id;
            this.reference = reference;
        }

        boolean failed() {
            return failure != null;
        }

        String failure() {
            return failure;
        }

        void fail(String why) {
            if (failure == null) {
                failure = why;
            }
        }
    }

    /** Whether a permit costs fees: the demo tariff (V21) charges every type but the simple declaration. */
    boolean hasFees() {
        return !type.equals("SIMPLE_DECLARATION");
    }
}
