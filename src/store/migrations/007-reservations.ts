// H. Reservations (H01-H04): the reservations the CSMS made with ReserveNow, kept until they are
// used (H03), cancelled (H02), expire or are removed (H04, H01.FR.16/17). They survive a reboot,
// so a Reserved connector returns to Reserved (B01 scenario step 5).

export const sql = `
CREATE TABLE reservations (
  -- ReserveNowRequest.id; a new request with the same id replaces the row (H01.FR.02)
  id              INTEGER PRIMARY KEY,
  -- expiryDateTime as received (RFC 3339)
  expiry_at       TEXT    NOT NULL,
  -- IdTokenType as JSON: the token for which the reservation is made
  id_token        TEXT    NOT NULL,
  -- IdTokenType as JSON, or NULL: a token of this group may use the reservation too (H03.FR.04-06)
  group_id_token  TEXT,
  -- NULL: an unspecified EVSE (H01.FR.04), possibly of a connector type
  evse_id         INTEGER,
  -- ConnectorEnumType, or NULL
  connector_type  TEXT
);
`;
