-- Foundation schema: places, organisations, accounts, dossiers, documents, the durable pipeline queue
-- and the append-only event log that feeds the live streams.

CREATE TABLE province (
    code        text PRIMARY KEY,
    name_fr     text NOT NULL,
    name_ar     text NOT NULL,
    region      text NOT NULL
);

CREATE TABLE commune (
    code          text PRIMARY KEY,
    name_fr       text NOT NULL,
    name_ar       text NOT NULL,
    province_code text NOT NULL REFERENCES province(code),
    urban         boolean NOT NULL DEFAULT true
);
CREATE INDEX commune_province_idx ON commune(province_code);

-- Bodies that sit on review commissions (urban agency, civil protection, utilities, land registry...).
CREATE TABLE organisation (
    code          text PRIMARY KEY,
    kind          text NOT NULL,
    name_fr       text NOT NULL,
    name_ar       text NOT NULL,
    province_code text NOT NULL REFERENCES province(code)
);

CREATE TABLE app_user (
    id                uuid PRIMARY KEY,
    username          text NOT NULL UNIQUE,
    password_hash     text NOT NULL,
    full_name         text NOT NULL,
    email             text,
    phone             text,
    role              text NOT NULL CHECK (role IN ('ARCHITECT','REVIEWER','COMMISSION_MEMBER','SIGNATORY','PROVINCE_CONTACT','ADMIN')),
    commune_code      text REFERENCES commune(code),
    organisation_code text REFERENCES organisation(code),
    province_code     text REFERENCES province(code),
    demo              boolean NOT NULL DEFAULT false,
    enabled           boolean NOT NULL DEFAULT true,
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- Per commune and year, the last sequence number handed out for dossier references.
CREATE TABLE dossier_sequence (
    commune_code text NOT NULL REFERENCES commune(code),
    year         int  NOT NULL,
    last_value   int  NOT NULL,
    PRIMARY KEY (commune_code, year)
);

CREATE TABLE dossier (
    id            uuid PRIMARY KEY,
    reference     text NOT NULL UNIQUE,
    type          text NOT NULL,
    commune_code  text NOT NULL REFERENCES commune(code),
    title         text NOT NULL,
    applicant     jsonb NOT NULL,
    architect_id  uuid NOT NULL REFERENCES app_user(id),
    status        text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    submitted_at  timestamptz
);
CREATE INDEX dossier_architect_idx ON dossier(architect_id, created_at DESC);
CREATE INDEX dossier_commune_idx ON dossier(commune_code, status, created_at DESC);

-- Organisations a dossier has been sent to (its commission).
CREATE TABLE dossier_commission (
    dossier_id        uuid NOT NULL REFERENCES dossier(id),
    organisation_code text NOT NULL REFERENCES organisation(code),
    sent_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dossier_id, organisation_code)
);
CREATE INDEX dossier_commission_org_idx ON dossier_commission(organisation_code);

CREATE TABLE document (
    id             uuid PRIMARY KEY,
    dossier_id     uuid NOT NULL REFERENCES dossier(id),
    kind           text NOT NULL,
    file_name      text NOT NULL,
    declared_type  text,
    detected_type  text,
    size           bigint NOT NULL,
    sha256         text NOT NULL,
    status         text NOT NULL,
    problems       jsonb NOT NULL DEFAULT '[]'::jsonb,
    metadata       jsonb,
    uploaded_by    uuid NOT NULL REFERENCES app_user(id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_dossier_idx ON document(dossier_id, created_at);
CREATE INDEX document_sha_idx ON document(dossier_id, sha256);

-- The durable pipeline queue: one row per (document, stage). Workers claim rows with
-- FOR UPDATE SKIP LOCKED and hold a lease; an expired lease (a crashed worker) makes the row claimable again.
CREATE TABLE stage_task (
    id              bigserial PRIMARY KEY,
    document_id     uuid NOT NULL REFERENCES document(id),
    stage           text NOT NULL,
    state           text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING','RUNNING','DONE','DEAD')),
    attempts        int  NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_owner     text,
    lease_until     timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (document_id, stage)
);
CREATE INDEX stage_task_ready_idx ON stage_task(stage, next_attempt_at, id) WHERE state = 'PENDING';
CREATE INDEX stage_task_running_idx ON stage_task(stage, lease_until) WHERE state = 'RUNNING';

CREATE OR REPLACE FUNCTION stage_task_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('rokhsa_tasks', NEW.stage);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER stage_task_notify AFTER INSERT OR UPDATE OF state, next_attempt_at ON stage_task
    FOR EACH ROW WHEN (NEW.state = 'PENDING') EXECUTE FUNCTION stage_task_notify();

-- Append-only event log. Writers take a per-commune advisory lock before inserting, so within a
-- commune ids are handed out in commit order and a Last-Event-ID resume never skips an event.
CREATE TABLE event (
    id            bigserial PRIMARY KEY,
    dossier_id    uuid NOT NULL REFERENCES dossier(id),
    commune_code  text NOT NULL,
    type          text NOT NULL,
    data          json NOT NULL,
    -- false for facts about a draft, which only its architect may see (not the commune's staff)
    commune_visible boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_dossier_idx ON event(dossier_id, id);
CREATE INDEX event_commune_idx ON event(commune_code, id);

CREATE OR REPLACE FUNCTION event_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('rokhsa_events', NEW.id::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER event_notify AFTER INSERT ON event FOR EACH ROW EXECUTE FUNCTION event_notify();
