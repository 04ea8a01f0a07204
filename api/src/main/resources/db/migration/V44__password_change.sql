-- An account whose password an administrator set must choose its own at first sign-in.
ALTER TABLE app_user ADD COLUMN password_change_required boolean NOT NULL DEFAULT false;
