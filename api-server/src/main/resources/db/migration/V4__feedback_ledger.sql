-- The feedback ledger (core.feedback.HashChain): one row per rating of a completed case, append-only, each row's
-- hash covering the previous row's hash and the row's canonical form. seq is the position in the chain.
CREATE TABLE feedback (
  seq             BIGINT PRIMARY KEY,
  feedback_id     VARCHAR(32) NOT NULL UNIQUE,
  case_id         VARCHAR(64) NOT NULL UNIQUE,
  provider_id     VARCHAR(64) NOT NULL,
  agency_id       VARCHAR(64),
  rating          SMALLINT NOT NULL,
  timeliness      SMALLINT NOT NULL,
  professionalism SMALLINT NOT NULL,
  attitude        SMALLINT NOT NULL,
  outcome         SMALLINT NOT NULL,
  comment         ${text_type},
  created_at      VARCHAR(32) NOT NULL,
  prev_hash       CHAR(64) NOT NULL,
  hash            CHAR(64) NOT NULL
);
CREATE INDEX feedback_by_provider ON feedback (provider_id, seq);
CREATE INDEX feedback_by_agency ON feedback (agency_id, seq);

-- The chain's head. Every append locks this one row first, so appends from any thread of any member are
-- serialised by the database, and seq order is commit order.
CREATE TABLE feedback_head (
  id   INT PRIMARY KEY,
  seq  BIGINT NOT NULL,
  hash CHAR(64) NOT NULL
);
INSERT INTO feedback_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
