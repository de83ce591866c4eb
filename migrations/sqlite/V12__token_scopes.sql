-- What a personal access token may do: 'read' (GET only) or 'write' (everything
-- its reader may). Tokens made before scopes existed could do everything.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write' CHECK (scope IN ('read', 'write'));
