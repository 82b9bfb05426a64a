-- Providers as the cluster map holds them: one row per id, the contract's JSON document (with its read-only
-- fields). Written through by DocumentStore before any write is acknowledged; read back in full at start.
-- ${text_type} holds a whole document inline: H2's CHARACTER VARYING (up to 1 000 000 characters; a provider is at
-- most about 500 KB: 10 000 vertices, a 4 000-character description) or PostgreSQL's TEXT. Not a CLOB: H2 keeps
-- CLOBs over 256 bytes in a separate LOB store, which made every write several times slower.
CREATE TABLE providers (
  id        VARCHAR(64) PRIMARY KEY,
  doc       ${text_type} NOT NULL,
  stored_at TIMESTAMP WITH TIME ZONE NOT NULL
);
