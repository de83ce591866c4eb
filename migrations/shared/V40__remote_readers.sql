-- Readers on other servers get a local stand-in account, so what they write
-- here (reviews, comments, likes, follows) is an ordinary row that every
-- visibility and block rule already covers. A stand-in is never a local
-- reader: it cannot sign in and is not counted or listed as one.
ALTER TABLE users ADD COLUMN remote BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE remote_actors ADD COLUMN user_id BIGINT REFERENCES users (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX remote_actors_user ON remote_actors (user_id);
