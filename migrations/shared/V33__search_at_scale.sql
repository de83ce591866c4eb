-- Search at a million books: each word's postings can be read most popular
-- first and cut short (the popularity is copied beside the word), and each
-- word knows how many books hold it, so a common word is weighed without
-- reading all of its postings.
ALTER TABLE search_terms ADD COLUMN popularity BIGINT NOT NULL DEFAULT 0;
UPDATE search_terms SET popularity = (SELECT b.popularity FROM books b WHERE b.id = search_terms.book_id);
CREATE INDEX search_terms_popular ON search_terms (term, popularity DESC, book_id, field);
ALTER TABLE search_words ADD COLUMN books BIGINT NOT NULL DEFAULT 0;
UPDATE search_words SET books = (SELECT count(DISTINCT s.book_id) FROM search_terms s WHERE s.term = search_words.term);
