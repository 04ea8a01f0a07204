-- The procedure's timing: one row per decided dossier (signed decision or tacit approval), the facts the
-- public ranking of communes is computed from; and the deadline alerts already sent.

CREATE TABLE dossier_outcome (
    dossier_id        uuid PRIMARY KEY REFERENCES dossier(id),
    commune_code      text NOT NULL REFERENCES commune(code),
    large_project     boolean NOT NULL,
    submitted_at      timestamptz NOT NULL,            -- first submission
    decided_at        timestamptz NOT NULL,            -- signature of the decision, or the tacit approval
    outcome           text NOT NULL CHECK (outcome IN ('ISSUED','REFUSED','DEEMED_APPROVED')),
    legal_days        numeric(8,2) NOT NULL,           -- days on the legal clock (stopped while returned or awaiting fees)
    deadline_days     int NOT NULL,                    -- the legal deadline that applied
    within_deadline   boolean NOT NULL,
    returned_count    int NOT NULL DEFAULT 0
);
CREATE INDEX dossier_outcome_decided_idx ON dossier_outcome(decided_at, commune_code);
CREATE INDEX dossier_outcome_commune_idx ON dossier_outcome(commune_code, decided_at);

CREATE TABLE deadline_alert (
    dossier_id   uuid NOT NULL REFERENCES dossier(id),
    kind         text NOT NULL,
    target       text NOT NULL DEFAULT '',
    sent_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dossier_id, kind, target)
);

CREATE INDEX dossier_open_idx ON dossier(status, submitted_at) WHERE status NOT IN ('DRAFT','ISSUED','REFUSED','DEEMED_APPROVED');
