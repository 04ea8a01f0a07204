-- Holidays entered by administrators, merged with the configured calendar (holidays.yml): a row with
-- holiday = true adds a day off (a religious holiday as announced, an exceptional closure); holiday = false
-- cancels a configured date (a religious holiday the moon sighting moved). Every change wakes every
-- instance, which reloads its in-memory calendar.
CREATE TABLE holiday (
    day        date PRIMARY KEY,
    name       text NOT NULL,
    holiday    boolean NOT NULL DEFAULT true,
    created_by uuid REFERENCES app_user(id),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION holiday_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('rokhsa_holidays', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER holiday_notify AFTER INSERT OR UPDATE OR DELETE ON holiday
    FOR EACH STATEMENT EXECUTE FUNCTION holiday_notify();
