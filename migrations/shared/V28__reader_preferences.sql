-- What a reader chooses for themselves. `theme` is 'light' or 'dark'; none
-- follows the system. The kinds of notification a reader does not want are
-- rows here, so a kind added later reaches everyone until they mute it.
ALTER TABLE users ADD COLUMN theme TEXT;
CREATE TABLE notification_mutes (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT   NOT NULL,
    PRIMARY KEY (user_id, kind)
);
-- What an import brought, counted as it lands (JSON: marked read, to-read,
-- currently reading, rated, reviewed, and the shelves it made), and who sees
-- the reviews it brings ('public' or 'friends'), chosen on the import form.
ALTER TABLE import_jobs ADD COLUMN tally TEXT NOT NULL DEFAULT '{}';
ALTER TABLE import_jobs ADD COLUMN review_visibility TEXT NOT NULL DEFAULT 'public';
