-- Tokens signed out before they expire (by their jti), kept until they would have expired; every member holds
-- them in a replicated map, loaded from here at start.
CREATE TABLE revoked_tokens (
  jti        VARCHAR(64) PRIMARY KEY,
  expires_at BIGINT NOT NULL
);
