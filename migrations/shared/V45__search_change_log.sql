-- Search moves to an index each app node keeps beside it (see
-- store/book_index), derived from the database: the database stays what it
-- is derived from, and this log says which books to index again. Each node
-- remembers the last change it took in; a book added, deleted, renamed or
-- given other authors is logged here by the database itself, whichever code
-- wrote it. A change of book 0 asks every node to index everything again.
DROP TABLE search_terms;
DROP TABLE search_words;
CREATE TABLE search_changes (
    seq     {{id}},
    book_id BIGINT NOT NULL
);
INSERT INTO search_changes (book_id) VALUES (0);
{{sqlite:
CREATE TRIGGER search_book_added AFTER INSERT ON books
BEGIN INSERT INTO search_changes (book_id) VALUES (NEW.id); END;
CREATE TRIGGER search_book_removed AFTER DELETE ON books
BEGIN INSERT INTO search_changes (book_id) VALUES (OLD.id); END;
CREATE TRIGGER search_book_changed AFTER UPDATE OF title, series, popularity ON books
WHEN OLD.title IS NOT NEW.title OR OLD.series IS NOT NEW.series OR OLD.popularity IS NOT NEW.popularity
BEGIN INSERT INTO search_changes (book_id) VALUES (NEW.id); END;
CREATE TRIGGER search_author_added AFTER INSERT ON book_authors
BEGIN INSERT INTO search_changes (book_id) VALUES (NEW.book_id); END;
CREATE TRIGGER search_author_removed AFTER DELETE ON book_authors
BEGIN INSERT INTO search_changes (book_id) VALUES (OLD.book_id); END;
CREATE TRIGGER search_author_moved AFTER UPDATE ON book_authors
BEGIN INSERT INTO search_changes (book_id) VALUES (OLD.book_id), (NEW.book_id); END;
CREATE TRIGGER search_author_renamed AFTER UPDATE OF name ON authors
WHEN OLD.name IS NOT NEW.name
BEGIN INSERT INTO search_changes (book_id) SELECT book_id FROM book_authors WHERE author_id = NEW.id; END;
}}{{postgres:
-- Inserts and deletes come in bulk (a catalogue load writes thousands of
-- rows a statement): logged once a statement from its transition table.
CREATE FUNCTION search_log_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'books' THEN
        INSERT INTO search_changes (book_id) SELECT id FROM new_rows;
    ELSE
        INSERT INTO search_changes (book_id) SELECT DISTINCT book_id FROM new_rows;
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION search_log_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'books' THEN
        INSERT INTO search_changes (book_id) SELECT id FROM old_rows;
    ELSE
        INSERT INTO search_changes (book_id) SELECT DISTINCT book_id FROM old_rows;
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION search_log_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'books' THEN
        INSERT INTO search_changes (book_id) VALUES (NEW.id);
    ELSIF TG_TABLE_NAME = 'authors' THEN
        INSERT INTO search_changes (book_id) SELECT book_id FROM book_authors WHERE author_id = NEW.id;
    ELSE
        INSERT INTO search_changes (book_id) VALUES (OLD.book_id), (NEW.book_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_book_added AFTER INSERT ON books
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_log_new();
CREATE TRIGGER search_book_removed AFTER DELETE ON books
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_log_old();
CREATE TRIGGER search_book_changed AFTER UPDATE OF title, series, popularity ON books
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.series IS DISTINCT FROM NEW.series
        OR OLD.popularity IS DISTINCT FROM NEW.popularity)
    EXECUTE FUNCTION search_log_row();
CREATE TRIGGER search_author_added AFTER INSERT ON book_authors
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_log_new();
CREATE TRIGGER search_author_removed AFTER DELETE ON book_authors
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_log_old();
CREATE TRIGGER search_author_moved AFTER UPDATE ON book_authors
    FOR EACH ROW EXECUTE FUNCTION search_log_row();
CREATE TRIGGER search_author_renamed AFTER UPDATE OF name ON authors
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION search_log_row();
}}
