-- Signature keys (circular D-2314): one contact per province, personal keys with their audited lifecycle,
-- the demo SMS outbox, decisions and sealed documents.

CREATE TABLE province_contact (
    province_code  text PRIMARY KEY REFERENCES province(code),
    full_name      text NOT NULL,
    title          text NOT NULL,
    phone          text NOT NULL,
    postal_address text NOT NULL,
    email          text NOT NULL,
    user_id        uuid REFERENCES app_user(id),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    updated_by     uuid REFERENCES app_user(id)
);

-- A personal signature key. The private key is stored only encrypted under its holder's PIN
-- (Argon2id-derived key, AES-GCM): neither the PIN nor the key is ever stored in clear.
CREATE TABLE signing_key (
    id                 uuid PRIMARY KEY,
    holder_id          uuid NOT NULL REFERENCES app_user(id),
    province_code      text REFERENCES province(code),
    status             text NOT NULL CHECK (status IN ('ISSUED','SHIPPED','HANDED_OVER','ACTIVE','LOCKED','REVOKED')),
    protected_key      bytea NOT NULL,
    certificate_serial text NOT NULL,
    certificate_subject text NOT NULL,
    wrong_pins         int NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signing_key_holder_idx ON signing_key(holder_id);

-- Audit trail of every lifecycle step (who, when, what), append-only.
CREATE TABLE signing_key_event (
    id        bigserial PRIMARY KEY,
    key_id    uuid NOT NULL REFERENCES signing_key(id),
    type      text NOT NULL,
    actor_id  uuid REFERENCES app_user(id),
    details   jsonb NOT NULL DEFAULT '{}'::jsonb,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signing_key_event_key_idx ON signing_key_event(key_id, id);

-- Demo SMS gateway: messages recorded for their recipient to read (production uses a real gateway).
CREATE TABLE sms_outbox (
    id           bigserial PRIMARY KEY,
    recipient_id uuid NOT NULL REFERENCES app_user(id),
    phone        text NOT NULL,
    body         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sms_outbox_recipient_idx ON sms_outbox(recipient_id, id);

-- Platform-generated PDFs (receipts, opinions, decisions, certificates), stored in the blob store.
CREATE TABLE issued_document (
    reference     text PRIMARY KEY,
    dossier_id    uuid NOT NULL REFERENCES dossier(id),
    kind          text NOT NULL,
    sha256        text NOT NULL,
    size          bigint NOT NULL,
    signed        boolean NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX issued_document_dossier_idx ON issued_document(dossier_id, created_at);

CREATE TABLE decision (
    dossier_id     uuid PRIMARY KEY REFERENCES dossier(id),
    reference      text NOT NULL UNIQUE,
    outcome        text NOT NULL CHECK (outcome IN ('PERMIT','REFUSAL')),
    reasons        jsonb NOT NULL DEFAULT '[]'::jsonb,
    site           text,
    drafted_by     uuid NOT NULL REFERENCES app_user(id),
    drafted_at     timestamptz NOT NULL DEFAULT now(),
    preview_sha256 text,
    signed_by      uuid REFERENCES app_user(id),
    signed_at      timestamptz,
    signed_sha256  text
);

ALTER TABLE dossier ADD COLUMN receipt_reference text;
