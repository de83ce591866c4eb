-- What arrived from other servers keeps the id it has there, so an Update,
-- a Delete, a Like or a reply finds it again. A book copied from another
-- server keeps the id it was copied from: only that server may change it.
ALTER TABLE books ADD COLUMN origin_uri TEXT;
CREATE UNIQUE INDEX books_origin_uri ON books (origin_uri) WHERE origin_uri IS NOT NULL;
ALTER TABLE reviews ADD COLUMN remote_uri TEXT;
CREATE UNIQUE INDEX reviews_remote_uri ON reviews (remote_uri) WHERE remote_uri IS NOT NULL;
ALTER TABLE comments ADD COLUMN remote_uri TEXT;
CREATE UNIQUE INDEX comments_remote_uri ON comments (remote_uri) WHERE remote_uri IS NOT NULL;
ALTER TABLE quotes ADD COLUMN remote_uri TEXT;
CREATE UNIQUE INDEX quotes_remote_uri ON quotes (remote_uri) WHERE remote_uri IS NOT NULL;
ALTER TABLE ratings ADD COLUMN remote_uri TEXT;
CREATE UNIQUE INDEX ratings_remote_uri ON ratings (remote_uri) WHERE remote_uri IS NOT NULL;
