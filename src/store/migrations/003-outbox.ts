// Messages to the CSMS that must not be lost: written here before the station acts as if they
// were sent, removed once the CSMS has answered. `seq` gives the order they go out in.

export const sql = `
CREATE TABLE outbox (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id   TEXT    NOT NULL UNIQUE,
  action       TEXT    NOT NULL,
  payload      TEXT    NOT NULL,
  -- 'transaction' messages are kept in strict order and dropped last when the queue is full.
  kind         TEXT    NOT NULL CHECK (kind IN ('transaction', 'other')),
  -- an intermediate meter-value update may be dropped first when the queue is full.
  droppable    INTEGER NOT NULL DEFAULT 0,
  attempts     INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT    NOT NULL
);
`;
