-- Any change to an account (password, role, commune, enabled, whether by the application or by an operator's SQL)
-- tells every instance, which then forgets the HTTP Basic sign-ins it remembers for it.
CREATE FUNCTION account_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('rokhsa_accounts', OLD.username);
    IF TG_OP = 'UPDATE' AND NEW.username <> OLD.username THEN
        PERFORM pg_notify('rokhsa_accounts', NEW.username);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER account_notify AFTER UPDATE ON app_user
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION account_notify();
CREATE TRIGGER account_deleted_notify AFTER DELETE ON app_user
    FOR EACH ROW EXECUTE FUNCTION account_notify();
