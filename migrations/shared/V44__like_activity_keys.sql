-- The key a like goes out under to other servers (`…#likes/{review}/{key}`),
-- made when it is: a like made again after an unlike is a new activity
-- there, and the Undo of each names the one it undoes. Likes made before
-- keep their time as their key.
ALTER TABLE review_likes ADD COLUMN activity_key TEXT;
