-- Ending a user's sessions and listing a user's tokens look rows up by user (PostgreSQL does not index foreign keys
-- by itself); sweeping expired sessions looks them up by age.
CREATE INDEX sessions_user ON sessions(user_name);
CREATE INDEX sessions_last_seen ON sessions(last_seen_at);
CREATE INDEX api_tokens_user ON api_tokens(user_name);
