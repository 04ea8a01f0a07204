package ma.rokhsa.api.ranking;

import java.util.List;

/**
 * The composite score of a commune, 0 to 100, from five sub-indicators of a period (each 0 to 1, higher
 * is better), over its dossiers decided in the period, small and large projects together:
 *
 * <pre>
 * score = 100 x (0.30 W + 0.20 S + 0.20 (1 - T) + 0.15 (1 - B) + 0.15 O)
 *   W  share of the decided dossiers decided within their legal deadline (15 days small, 30 large, legal clock)
 *   S  speed = max(0, 1 - median legal days / legal deadline), for small and for large projects, averaged
 *      weighted by their decided dossiers: 1 decided at once, 0 when the median dossier used its whole deadline
 *   T  share of the decided dossiers approved tacitly (the deadline passed without a decision)
 *   B  share of the backlog (dossiers still open at the end of the period) already past its deadline; 0 without backlog
 *   O  share of the commission opinions due in the period that were given on time (not yet due and not given: left out)
 * </pre>
 *
 * When O has no data (no opinion was due), its weight is shared out: the score is divided by 0.85.
 * Communes with fewer than {@code minDecided} decided dossiers in the period are listed, with their
 * indicators, but not ranked. Scores are rounded to 0.1; equal scores share a rank (1, 2, 2, 4).
 *
 * <p>Pure and thread-safe.
 */
final class RankingFormula {

    static final int VERSION = 1;
    static final double W_WITHIN = 0.30;
    static final double W_SPEED = 0.20;
    static final double W_NO_TACIT = 0.20;
    static final double W_BACKLOG = 0.15;
    static final double W_OPINIONS = 0.15;

    private RankingFormula() {
    }

    /** The sub-indicators of one commune, each 0..1 with higher better; {@code opinionsOnTime} null when no opinion was due. */
    record Components(double withinDeadline, double speed, double noTacitApproval, double backlogWithinDeadline,
                      Double opinionsOnTime) {
    }

    /** The score, 0..100 rounded to 0.1. */
    static double score(Components c) {
        double sum = W_WITHIN * c.withinDeadline() + W_SPEED * c.speed() + W_NO_TACIT * c.noTacitApproval()
                + W_BACKLOG * c.backlogWithinDeadline();
        double weights = W_WITHIN + W_SPEED + W_NO_TACIT + W_BACKLOG;
        if (c.opinionsOnTime() != null) {
            sum += W_OPINIONS * c.opinionsOnTime();
            weights += W_OPINIONS;
        }
        return Math.round(1000 * sum / weights) / 10.0;
    }

    /** The speed of one project size: max(0, 1 - its median legal days / its legal deadline). */
    static double speed(double medianRatio) {
        return Math.max(0, 1 - medianRatio);
    }

    /** The formula as published with every ranking (JSON {@code formula}) and in the README. */
    static Ranking.Formula describe(int minDecided) {
        return new Ranking.Formula(VERSION, text(minDecided), minDecided, List.of(
                new Ranking.Term("withinDeadline", W_WITHIN,
                        "W: share of the dossiers decided in the period that were decided within their legal deadline "
                                + "(15 days for small projects, 30 for large ones, on the legal clock, which stops while a dossier is returned)."),
                new Ranking.Term("speed", W_SPEED,
                        "S = max(0, 1 - median legal days / legal deadline), for small projects and for large ones, averaged "
                                + "weighted by their dossiers decided in the period: 1 when decided at once, 0 when the median "
                                + "dossier used its whole deadline or more."),
                new Ranking.Term("noTacitApproval", W_NO_TACIT,
                        "1 - T, where T is the share of the dossiers decided in the period that were approved tacitly "
                                + "(the deadline passed without a decision)."),
                new Ranking.Term("backlogWithinDeadline", W_BACKLOG,
                        "1 - B, where B is the share of the backlog (dossiers submitted and still undecided at the end of the period) "
                                + "already past its legal deadline; 1 when there is no backlog."),
                new Ranking.Term("opinionsOnTime", W_OPINIONS,
                        "O: share of the commission opinions due in the period (for the commune's dossiers) given by their due date; "
                                + "opinions not given and not yet due are left out. Without any opinion due, this weight is shared out.")));
    }

    static String text(int minDecided) {
        return "score = 100 x (0.30 W + 0.20 S + 0.20 (1 - T) + 0.15 (1 - B) + 0.15 O), over the dossiers decided in the period "
                + "(small and large projects together). W: share decided within the legal deadline (15 days small, 30 days large, "
                + "legal clock). S: speed = max(0, 1 - median legal days / legal deadline), per project size, averaged weighted by "
                + "the decided dossiers of each size. T: share of tacit approvals. "
                + "B: share of the backlog at the end of the period already past its deadline (0 without backlog). "
                + "O: share of the commission opinions due in the period given on time; with no opinion due, its weight is shared "
                + "out (the score is divided by 0.85). Communes with fewer than " + minDecided + " decided dossiers in the period "
                + "are listed but not ranked. Scores are rounded to 0.1; equal scores share a rank.";
    }
}
