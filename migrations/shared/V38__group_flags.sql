-- A flag on a message in a group's topic waits first for that group's own
-- moderators; passing it on to the site's moderators clears `group_id`.
ALTER TABLE flags ADD COLUMN group_id BIGINT REFERENCES reading_groups (id) ON DELETE CASCADE;
CREATE INDEX flags_group ON flags (group_id, state, id);
