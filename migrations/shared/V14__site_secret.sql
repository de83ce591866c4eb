-- Secrets the site makes on its first start and keeps here, so that every
-- node of a cluster on this database signs and checks with the same ones.
CREATE TABLE site_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
