-- Providers as the cluster map holds them: one row per id, the contract's JSON document (with its read-only
-- fields). Written through by DocumentStore before any write is acknowledged; read back in full at start.
-- ${text_type} is a large text type in both dialects (H2: CHARACTER LARGE OBJECT, PostgreSQL: TEXT).
CREATE TABLE providers (
  id        VARCHAR(64) PRIMARY KEY,
  doc       ${text_type} NOT NULL,
  stored_at TIMESTAMP WITH TIME ZONE NOT NULL
);
