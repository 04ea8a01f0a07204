-- Communal fees: a tariff per commune, versioned with validity dates, and the figures an architect declares
-- for a dossier (covered area per use, works cost, lots), from which its fees are computed.

CREATE TABLE tariff (
    id           uuid PRIMARY KEY,
    commune_code text NOT NULL REFERENCES commune(code),
    version      int  NOT NULL,
    valid_from   date NOT NULL,
    valid_to     date,           -- last day of validity (inclusive); NULL while in force
    rates        jsonb NOT NULL, -- see ma.rokhsa.api.fees.TariffRates
    note         text,           -- e.g. the council's decision (arrêté fiscal) that sets the rates
    created_by   uuid REFERENCES app_user(id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (commune_code, version),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
-- At most one open version per commune; versions are created under a per-commune lock that closes the
-- previous one the day before the new one starts, so they never overlap.
CREATE UNIQUE INDEX tariff_open_idx ON tariff(commune_code) WHERE valid_to IS NULL;
CREATE INDEX tariff_lookup_idx ON tariff(commune_code, valid_from DESC);

CREATE TABLE dossier_figures (
    dossier_id   uuid PRIMARY KEY REFERENCES dossier(id),
    covered_area jsonb NOT NULL DEFAULT '{}'::jsonb, -- m2 per use: {"HOUSING_INDIVIDUAL": 180.5, ...}
    works_cost   numeric(16,2),                      -- MAD
    lots         int,
    updated_by   uuid NOT NULL REFERENCES app_user(id),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- First tariff of the Béni Mellal-Khénifra communes. These are plausible rates within the ranges of law 47-06
-- on local taxation (as amended by law 07-20): construction tax 10-20 MAD/m2 for collective housing and
-- commercial, industrial, professional or administrative premises, 20-30 MAD/m2 for individual housing,
-- social housing exempt; subdivision tax 3-5 % of the works cost; restoration a fixed duty of at most 500 MAD.
-- Each commune's council sets its own rates by decision: replace them with the real ones (POST /api/admin/tariffs).
INSERT INTO tariff (id, commune_code, version, valid_from, rates, note)
SELECT gen_random_uuid(), c.code, 1, DATE '2024-01-01',
       jsonb_build_object(
           'constructionPerM2', jsonb_build_object(
               'HOUSING_INDIVIDUAL', t.individual, 'HOUSING_COLLECTIVE', t.collective, 'HOUSING_SOCIAL', 0,
               'COMMERCIAL', t.other, 'INDUSTRIAL', t.other, 'PROFESSIONAL', t.other, 'ADMINISTRATIVE', t.other),
           'constructionTypes', jsonb_build_array('BUILDING_SMALL', 'BUILDING_LARGE'),
           'subdivisionPercent', t.subdivision,
           'subdivisionTypes', jsonb_build_array('SUBDIVISION'),
           'fixedFees', jsonb_build_object('RENOVATION', t.restoration, 'DEMOLITION', t.demolition, 'HABITATION_PERMIT', t.habitation)),
       'Tarif initial de démonstration (' || t.tier || ') : à remplacer par l''arrêté fiscal de la commune'
FROM commune c
JOIN (VALUES
    -- provincial capitals
    ('BML', 'chef-lieu', 25, 15, 20, 4, 500, 300, 200),
    ('AZL', 'chef-lieu', 25, 15, 20, 4, 500, 300, 200),
    ('FBS', 'chef-lieu', 25, 15, 20, 4, 500, 300, 200),
    ('KHN', 'chef-lieu', 25, 15, 20, 4, 500, 300, 200),
    ('KHB', 'chef-lieu', 25, 15, 20, 4, 500, 300, 200),
    -- other urban communes
    ('KTD', 'commune urbaine', 20, 12, 15, 3, 300, 200, 150),
    ('KSB', 'commune urbaine', 20, 10, 15, 3, 300, 200, 150),
    ('ZCH', 'commune urbaine', 20, 10, 15, 3, 300, 200, 150),
    ('DMN', 'commune urbaine', 20, 10, 15, 3, 300, 200, 150),
    ('SSO', 'commune urbaine', 20, 12, 15, 3, 300, 200, 150),
    ('OAY', 'commune urbaine', 20, 10, 15, 3, 300, 200, 150),
    ('MRT', 'commune urbaine', 20, 10, 15, 3, 300, 200, 150),
    ('OZM', 'commune urbaine', 20, 12, 15, 3, 300, 200, 150),
    ('BJN', 'commune urbaine', 20, 10, 15, 3, 300, 200, 150),
    ('HTN', 'commune urbaine', 20, 10, 15, 3, 300, 200, 150),
    ('BLN', 'commune urbaine', 20, 10, 15, 3, 300, 200, 150)
) AS t(code, tier, individual, collective, other, subdivision, restoration, demolition, habitation) ON t.code = c.code;
