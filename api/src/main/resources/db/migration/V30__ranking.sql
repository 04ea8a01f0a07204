-- The public ranking of communes and the national statistics (ma.rokhsa.api.ranking): each query of a
-- ranking reads one period, and these indexes keep it to that period's rows, mostly without touching
-- the tables (index-only scans). Measured on a million dossiers by RankingBench.

-- Decided dossiers of a period, aggregated per commune.
CREATE INDEX dossier_outcome_ranking_idx ON dossier_outcome (decided_at)
    INCLUDE (commune_code, large_project, outcome, legal_days, deadline_days, within_deadline, returned_count);

-- The backlog at the end of a past period: dossiers submitted before that moment and decided after it.
-- A range index answers "submitted <= t < decided" directly; two b-trees would each scan half the history.
CREATE INDEX dossier_outcome_open_during_idx ON dossier_outcome
    USING gist (tstzrange(submitted_at, decided_at, '[)'));

-- Open (submitted, undecided) dossiers, with what the backlog needs.
CREATE INDEX dossier_backlog_idx ON dossier (submitted_at) INCLUDE (id, commune_code, type)
    WHERE status IN ('SUBMITTED','RETURNED','IN_REVIEW','DECISION_DRAFTED','FEES_DUE','FEES_PAID');

-- Legal days of a backlog dossier at a moment, read from the index alone.
CREATE INDEX dossier_clock_ranking_idx ON dossier_clock (dossier_id, started_at) INCLUDE (stopped_at);

-- Commission opinions due in a period, per commune and organisation. The commune is copied from the
-- dossier when the opinion is requested (a dossier never changes commune), which spares the ranking a
-- join of every opinion of the period with the dossier table.
ALTER TABLE dossier_commission ADD COLUMN commune_code text;
UPDATE dossier_commission dc SET commune_code = d.commune_code FROM dossier d WHERE d.id = dc.dossier_id;
ALTER TABLE dossier_commission ALTER COLUMN commune_code SET NOT NULL;

CREATE OR REPLACE FUNCTION dossier_commission_commune() RETURNS trigger AS $$
BEGIN
    IF NEW.commune_code IS NULL THEN
        SELECT d.commune_code INTO NEW.commune_code FROM dossier d WHERE d.id = NEW.dossier_id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER dossier_commission_commune BEFORE INSERT ON dossier_commission
    FOR EACH ROW EXECUTE FUNCTION dossier_commission_commune();

-- Whether the opinion was given by its due date, a day in Morocco's legal time (Africa/Casablanca, the
-- default rokhsa.zone; RankingService computes it in SQL instead under any other zone). Stored once,
-- it spares a time-zone conversion per opinion in every ranking.
ALTER TABLE dossier_commission ADD COLUMN given_on_time boolean
    GENERATED ALWAYS AS (given_at IS NOT NULL AND (given_at AT TIME ZONE 'Africa/Casablanca')::date <= due_date) STORED;

CREATE INDEX dossier_commission_due_idx ON dossier_commission (due_date)
    INCLUDE (commune_code, organisation_code, given_at, given_on_time);

-- Dossiers submitted recently (active communes, dossiers per day).
CREATE INDEX dossier_submitted_idx ON dossier (submitted_at) INCLUDE (commune_code, type)
    WHERE submitted_at IS NOT NULL;
