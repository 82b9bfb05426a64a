-- Referral cases as the cluster map holds them: one row per case id, the case's JSON document (need, ranked
-- candidates with their scores, offer, assignment, history). Written through before any case change is
-- acknowledged; read back in full at start, so offer timeouts fire across restarts.
CREATE TABLE cases (
  id        VARCHAR(64) PRIMARY KEY,
  doc       ${text_type} NOT NULL,
  stored_at TIMESTAMP WITH TIME ZONE NOT NULL
);
