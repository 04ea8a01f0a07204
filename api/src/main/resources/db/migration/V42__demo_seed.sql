-- The demo data of the embedded default run (ma.rokhsa.api.demo): at most one seed per database, claimed
-- when it starts and closed when it ends, so that it runs on the first start only. A row whose outcome is
-- still NULL is a seed that never finished (the application stopped during it): it is reported on later
-- starts, never run twice. Empty outside demo runs. Its times are the real ones, not the story's.
CREATE TABLE demo_seed (
    id           int PRIMARY KEY CHECK (id = 1),
    seed         bigint NOT NULL,                                 -- the scenario's random seed
    story_from   date NOT NULL,                                   -- first day of the story
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    outcome      text CHECK (outcome IN ('DONE', 'FAILED')),
    summary      jsonb                                            -- counts and time taken, or the failure
);
