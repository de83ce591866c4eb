-- Inventaire's URIs on the records made from its data, as V34 keeps Open
-- Library's keys: a work's `wd:Q…` or `inv:…` on the book, an edition's
-- `isbn:…` on the edition, so a later lookup finds what an earlier one made.
ALTER TABLE books ADD COLUMN inventaire_uri TEXT;
CREATE UNIQUE INDEX books_inventaire_uri ON books (inventaire_uri) WHERE inventaire_uri IS NOT NULL;
ALTER TABLE editions ADD COLUMN inventaire_uri TEXT;
CREATE UNIQUE INDEX editions_inventaire_uri ON editions (inventaire_uri) WHERE inventaire_uri IS NOT NULL;

-- Several Inventaire authors may share one name, and so one Dogear author.
CREATE TABLE inventaire_authors (
    uri       TEXT   NOT NULL PRIMARY KEY,
    author_id BIGINT NOT NULL REFERENCES authors (id) ON DELETE CASCADE
);
CREATE INDEX inventaire_authors_author ON inventaire_authors (author_id);
