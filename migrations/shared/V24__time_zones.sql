-- The reader's time zone (an IANA name): which day a moment is for them.
-- None reads as UTC.
ALTER TABLE users ADD COLUMN time_zone TEXT;
