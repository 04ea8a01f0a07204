package ma.rokhsa.api.ranking;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The ranking of communes for one period, as published ({@code GET /api/ranking}): every commune with its
 * indicators, ranked or not, the top and bottom ten, and the formula of the score. Immutable.
 *
 * <p>Times are in the legal time zone; decided dossiers count in {@code [from, to)}; the backlog is read
 * at {@code asOf} (the end of the period, or now for a period still running). Shares are 0..1 (3 decimals),
 * days are legal-clock days (1 decimal); a share or a median without data is null.
 */
public record Ranking(String period, OffsetDateTime from, OffsetDateTime to, OffsetDateTime asOf,
                      OffsetDateTime computedAt, Formula formula, int ranked, List<CommuneRanking> communes,
                      List<Entry> top10, List<Entry> bottom10) {

    /** One commune: {@code rank} and {@code score} are null when it is not ranked, and {@code unrankedReason} says why. */
    public record CommuneRanking(Integer rank, String code, String name, String nameAr, String provinceCode,
                                 String provinceName, Double score, long decided, String unrankedReason,
                                 Indicators indicators) {

        Entry entry() {
            return new Entry(rank, code, name, nameAr, provinceCode, provinceName, score, decided);
        }
    }

    /** A line of the top 10 / bottom 10. */
    public record Entry(Integer rank, String code, String name, String nameAr, String provinceCode, String provinceName,
                        Double score, long decided) {
    }

    /** Indicators of a commune: per project size, overall, the commission opinions, and the score's sub-indicators. */
    public record Indicators(ProjectSize small, ProjectSize large, Overall all, Opinions opinions,
                             RankingFormula.Components components) {
    }

    /** Small or large projects: delays to decision, deadline kept, tacit approvals, returns, backlog. */
    public record ProjectSize(int deadlineDays, long decided, Double medianLegalDays, Double p90LegalDays,
                              long withinDeadline, Double withinDeadlineShare, long tacitApprovals,
                              Double tacitApprovalShare, long refused, long returned, Double returnedShare,
                              long backlog, long backlogPastDeadline) {
    }

    /** Both sizes together. */
    public record Overall(long decided, Double withinDeadlineShare, long tacitApprovals,
                          Double tacitApprovalShare, Double returnedShare, long backlog, long backlogPastDeadline,
                          Double backlogPastDeadlineShare) {
    }

    /** Commission opinions due in the period for the commune's dossiers: given on time, overall and per organisation. */
    public record Opinions(long due, long onTime, Double onTimeShare, List<OrganisationOpinions> byOrganisation) {
    }

    public record OrganisationOpinions(String code, String kind, String name, long due, long onTime, Double onTimeShare) {
    }

    /** The published formula: its text, its terms with their weights, and the minimum activity to be ranked. */
    public record Formula(int version, String text, int minDecided, List<Term> terms) {
    }

    public record Term(String key, double weight, String definition) {
    }
}
