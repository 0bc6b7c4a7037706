// D01 Local Authorization List: the entries the CSMS sent with SendLocalList, and the list's
// version. Tokens are kept only as a hash, as in the Authorization Cache (004).

export const sql = `
CREATE TABLE local_auth_list (
  -- sha-256 of "<type>:<lower-case idToken>": two tokens are equal on type and idToken, the
  -- idToken compared case-insensitively (C01.FR.25), so an idToken is listed once (D01.FR.06)
  token_hash  TEXT    PRIMARY KEY,
  status      TEXT    NOT NULL,
  -- IdTokenInfo as JSON, as the CSMS sent it
  info        TEXT    NOT NULL,
  -- estimated storage of the entry, summed for LocalAuthListCtrlr.Storage
  bytes       INTEGER NOT NULL
);
-- One row once the CSMS has sent a list (D01.FR.01); none before: version 0 (D02.FR.02).
CREATE TABLE local_auth_list_version (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  version     INTEGER NOT NULL
);
`;
