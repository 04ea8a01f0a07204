package ma.rokhsa.api.deadline;

import java.time.LocalDate;

/**
 * One holiday as the calendar lists it, with where it comes from: a national day ({@code ANNUAL}), a
 * configured religious holiday not yet announced ({@code EXPECTED}) or announced ({@code CONFIRMED}),
 * or added by an administrator ({@code ADMIN}).
 */
public record Holiday(LocalDate date, String name, Source source) {

    /** Where a holiday comes from. */
    public enum Source { ANNUAL, EXPECTED, CONFIRMED, ADMIN }
}
