-- Browser sign-in (ma.rokhsa.api.security.R2dbcWebSessions): sessions live here, not in one JVM's memory,
-- so that every instance behind the load balancer knows them and a restart signs nobody out.
-- Only the SHA-256 of the cookie's value is stored: a copy of this table opens no session.
CREATE TABLE web_session (
    id_hash             bytea PRIMARY KEY,
    user_id             uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    created_at          timestamptz NOT NULL DEFAULT now(),
    last_seen_at        timestamptz NOT NULL DEFAULT now(),
    -- idle timeout: moved forward as the user works (at most once a minute)
    expires_at          timestamptz NOT NULL,
    -- however active, a session ends this long after sign-in
    absolute_expires_at timestamptz NOT NULL,
    address             text,
    user_agent          text
);
CREATE INDEX web_session_user_idx ON web_session(user_id);
CREATE INDEX web_session_expires_idx ON web_session(expires_at);

-- Wrong passwords, per account ('user:<name>') and per client address ('addr:<ip>'): after a few
-- failures each further one locks the key for twice as long as the last (LoginThrottle).
CREATE TABLE login_throttle (
    key             text PRIMARY KEY,
    failures        int NOT NULL DEFAULT 0,
    last_failure_at timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz
);
