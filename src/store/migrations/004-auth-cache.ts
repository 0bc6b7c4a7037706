// C10 Authorization Cache: the latest IdTokenInfo the CSMS gave for each presented token.
// Tokens are kept only as a hash (C10.FR.12); times are epoch milliseconds of station time.

export const sql = `
CREATE TABLE auth_cache (
  -- sha-256 of "<type>:<lower-case idToken>": two tokens are equal on type and idToken,
  -- the idToken compared case-insensitively (IdTokenType, C01.FR.25)
  token_hash  TEXT    PRIMARY KEY,
  status      TEXT    NOT NULL,
  -- IdTokenInfo as JSON, without personalMessage (tariff text is not cached, C10.FR.09)
  info        TEXT    NOT NULL,
  -- cacheExpiryDateTime when the CSMS gave one (C10.FR.13)
  expires_at  INTEGER,
  -- when IdTokenInfo was last received: AuthCacheCtrlr.LifeTime counts from here (C10.FR.10)
  updated_at  INTEGER NOT NULL,
  -- when the token was last presented or updated: the least recently used goes first (C10.FR.07)
  used_at     INTEGER NOT NULL,
  -- estimated storage of the entry, summed for AuthCacheCtrlr.Storage
  bytes       INTEGER NOT NULL
);
CREATE INDEX auth_cache_used_at ON auth_cache (used_at);
`;
