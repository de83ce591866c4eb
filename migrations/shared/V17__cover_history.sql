-- Every cover a book has had, with who uploaded it, so a moderator can put
-- back one a stranger replaced. The book shows its newest; `books.cover`
-- keeps that one's digest, which its images' addresses are built on. Putting
-- an older cover back copies it as the newest, so the cover it replaces stays
-- in the history too. Each book keeps its last few (`store::covers::KEPT`).
CREATE TABLE covers (
    id          {{id}},
    book_id     BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    digest      TEXT   NOT NULL,
    uploaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at BIGINT NOT NULL,
    -- The moderator who put an older cover back as this one, and when it became the cover.
    restored_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX covers_book ON covers (book_id, id);

-- Re-encoded on upload, one row per size so a page of thumbnails never reads
-- the large images.
CREATE TABLE cover_sizes (
    cover_id BIGINT NOT NULL REFERENCES covers (id) ON DELETE CASCADE,
    size     TEXT   NOT NULL,
    bytes    {{blob}} NOT NULL,
    PRIMARY KEY (cover_id, size)
);

-- Covers from before the history: whoever uploaded them was not recorded,
-- nor when, so they date from their book.
INSERT INTO covers (book_id, digest, uploaded_by, uploaded_at, created_at)
    SELECT id, cover, NULL, created_at, created_at FROM books WHERE cover IS NOT NULL ORDER BY id;
INSERT INTO cover_sizes (cover_id, size, bytes)
    SELECT c.id, i.size, i.bytes FROM cover_images i JOIN covers c ON c.book_id = i.book_id;
DROP TABLE cover_images;
