-- The review procedure: completeness check, returns (the legal clock stops), commission opinions.

-- Periods during which the legal clock runs: opened at each submission, closed when the dossier is
-- returned for completion or decided.
CREATE TABLE dossier_clock (
    dossier_id  uuid NOT NULL REFERENCES dossier(id),
    started_at  timestamptz NOT NULL,
    stopped_at  timestamptz,
    PRIMARY KEY (dossier_id, started_at)
);

CREATE TABLE dossier_return (
    id          bigserial PRIMARY KEY,
    dossier_id  uuid NOT NULL REFERENCES dossier(id),
    reasons     jsonb NOT NULL,
    returned_by uuid NOT NULL REFERENCES app_user(id),
    returned_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_return_dossier_idx ON dossier_return(dossier_id);

ALTER TABLE dossier_commission ADD COLUMN due_date date;
ALTER TABLE dossier_commission ADD COLUMN opinion text CHECK (opinion IN ('FAVOURABLE','FAVOURABLE_WITH_CONDITIONS','UNFAVOURABLE'));
ALTER TABLE dossier_commission ADD COLUMN reasons jsonb;
ALTER TABLE dossier_commission ADD COLUMN conditions text;
ALTER TABLE dossier_commission ADD COLUMN given_by uuid REFERENCES app_user(id);
ALTER TABLE dossier_commission ADD COLUMN given_at timestamptz;
ALTER TABLE dossier_commission ADD COLUMN opinion_reference text;

-- A replaced document stays (earlier versions are kept) but no longer counts in the checklist.
ALTER TABLE document ADD COLUMN replaced_by uuid REFERENCES document(id);
