-- When a token was made by giving the password (POST /tokens); tokens made
-- from a signed-in page have none. Deleting an account asks for the password
-- unless the token proved it moments ago.
ALTER TABLE api_tokens ADD COLUMN password_proved_at BIGINT;
