-- The series page looks a series' books up by its name; most books have none.
CREATE INDEX books_series ON books (series) WHERE series IS NOT NULL;
