-- The distinct indexed words, so matching a query word scans words, not postings.
CREATE TABLE search_words (term TEXT PRIMARY KEY);
INSERT INTO search_words (term) SELECT DISTINCT term FROM search_terms;
