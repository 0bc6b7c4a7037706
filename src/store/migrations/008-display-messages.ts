// O. Display messages the CSMS set (SetDisplayMessage): kept across reboots (O01.FR.10,
// O02.FR.10). One row per message id; `info` is the MessageInfoType as received, the other
// columns are what the station selects and orders on. Times are epoch milliseconds.

export const sql = `
CREATE TABLE display_messages (
  id              INTEGER PRIMARY KEY,
  priority        TEXT    NOT NULL CHECK (priority IN ('AlwaysFront', 'InFront', 'NormalCycle')),
  state           TEXT,
  -- startDateTime / endDateTime, when given (O01.FR.05-07)
  starts_at       INTEGER,
  ends_at         INTEGER,
  -- shown only during this transaction, removed when it ends (O02.FR.02)
  transaction_id  TEXT,
  info            TEXT    NOT NULL,
  -- station time of the SetDisplayMessage: the newest AlwaysFront wins, the cycle keeps this order
  set_at          INTEGER NOT NULL
);
`;
