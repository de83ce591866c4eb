-- The vocabulary in byte order on both databases, so the search's prefix
-- ranges (term >= 'abc' AND term < 'abd') walk the primary key's index.
-- PostgreSQL's default collation orders words by language rules, under which
-- such a range is neither an index range nor the same words SQLite finds.
CREATE TABLE search_words_bytewise (term {{bytewise_text}} PRIMARY KEY) {{without_rowid}};
INSERT INTO search_words_bytewise (term) SELECT term FROM search_words;
DROP TABLE search_words;
ALTER TABLE search_words_bytewise RENAME TO search_words;
