-- Genre pages gather every reader's shelves of a few names.
CREATE INDEX shelves_slug ON shelves (slug, id);
