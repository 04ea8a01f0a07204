-- Indexes for the public ranking of communes and the national statistics (ma.rokhsa.api.ranking).
-- Each query of a ranking reads one period; these keep it to the rows of that period.

-- Decided dossiers of a period, aggregated per commune without touching the table (index-only scan).
CREATE INDEX dossier_outcome_ranking_idx ON dossier_outcome (decided_at)
    INCLUDE (commune_code, large_project, outcome, legal_days, deadline_days, within_deadline, returned_count);

-- The backlog at the end of a past period: dossiers submitted before that moment and decided after it.
-- A range index answers "submitted <= t < decided" directly; two b-trees would each scan half the history.
CREATE INDEX dossier_outcome_open_during_idx ON dossier_outcome
    USING gist (tstzrange(submitted_at, decided_at, '[)'));

-- Commission opinions due in a period (on time or late), per organisation.
CREATE INDEX dossier_commission_due_idx ON dossier_commission (due_date)
    INCLUDE (dossier_id, organisation_code, given_at);

-- Dossiers submitted recently (active communes, dossiers per day).
CREATE INDEX dossier_submitted_idx ON dossier (submitted_at) INCLUDE (commune_code, type)
    WHERE submitted_at IS NOT NULL;
