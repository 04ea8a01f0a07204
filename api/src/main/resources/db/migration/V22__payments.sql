-- Online payment of fees: what a dossier owes (fixed at decision time), the payments made through a gateway,
-- every change of their status, and every gateway callback received (unique on the gateway's transaction id,
-- so a replayed callback is recognised and never counted twice).

CREATE TABLE fee_due (
    dossier_id  uuid PRIMARY KEY REFERENCES dossier(id),
    amount      numeric(14,2) NOT NULL CHECK (amount >= 0),
    currency    text NOT NULL,              -- ISO 4217 alphabetic, 'MAD'
    calculation jsonb NOT NULL,             -- the fees with their lines, as computed when fixed
    fixed_at    timestamptz NOT NULL DEFAULT now(),
    paid_at     timestamptz                 -- set once PAID payments cover the amount
);

CREATE TABLE payment (
    id             uuid PRIMARY KEY,
    dossier_id     uuid NOT NULL REFERENCES dossier(id),
    order_id       text NOT NULL UNIQUE,     -- sent to the gateway: dossier reference + sequence
    gateway        text NOT NULL,
    amount         numeric(14,2) NOT NULL CHECK (amount > 0),
    currency       text NOT NULL,            -- ISO 4217 numeric, '504' for MAD
    status         text NOT NULL CHECK (status IN ('PENDING', 'PAID', 'FAILED', 'FLAGGED')),
    reason         text,                     -- why it failed or was flagged
    transaction_id text,                     -- the gateway transaction that settled it
    created_by     uuid NOT NULL REFERENCES app_user(id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_dossier_idx ON payment(dossier_id, created_at);

CREATE TABLE payment_status_change (
    id             bigserial PRIMARY KEY,
    payment_id     uuid NOT NULL REFERENCES payment(id),
    from_status    text,
    to_status      text NOT NULL,
    reason         text,
    transaction_id text,
    at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_status_change_payment_idx ON payment_status_change(payment_id, id);

CREATE TABLE payment_callback (
    id             bigserial PRIMARY KEY,
    gateway        text NOT NULL,
    transaction_id text NOT NULL,
    payment_id     uuid NOT NULL REFERENCES payment(id),
    params         jsonb NOT NULL,           -- as received (signature included)
    outcome        text NOT NULL,            -- PAID, FAILED, FLAGGED, DUPLICATE, IGNORED
    answer         text NOT NULL,            -- what the gateway was told: ACCEPT, RECORDED, REFUSE
    received_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (gateway, transaction_id)
);
