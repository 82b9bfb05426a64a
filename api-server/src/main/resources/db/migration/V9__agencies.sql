-- Registered agencies (social organisations) as the cluster map holds them: one row per agency id, its stored
-- document (store.AgencyCodec). Written through before a write is acknowledged; read back in full at start.
CREATE TABLE agencies (
  id        VARCHAR(64) PRIMARY KEY,
  doc       ${text_type} NOT NULL,
  stored_at TIMESTAMP WITH TIME ZONE NOT NULL
);
