-- Covers, re-encoded on upload, one row per size so a page of thumbnails never
-- reads the large images. `books.cover` names the current one (a digest of
-- its bytes), so its address changes with it and can be cached for ever.
CREATE TABLE cover_images (
    book_id BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    size    TEXT   NOT NULL,
    bytes   BLOB   NOT NULL,
    PRIMARY KEY (book_id, size)
);
ALTER TABLE books ADD COLUMN cover TEXT;
