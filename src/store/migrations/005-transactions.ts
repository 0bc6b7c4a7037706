// E: the transaction engine's durable state. One row per EVSE holds its whole state (ongoing
// transaction with its next seqNo, authorization); it is written in the same SQLite transaction
// as the outbox row of the TransactionEvent it produced, so a crash never separates the two.
// tx_history remembers every transaction id this station used (E01.FR.08, E14.FR.01-03).

export const sql = `
CREATE TABLE tx_evse (
  evse_id  INTEGER PRIMARY KEY,
  state    TEXT    NOT NULL
);
CREATE TABLE tx_history (
  transaction_id TEXT    PRIMARY KEY,
  evse_id        INTEGER NOT NULL,
  started_at     TEXT    NOT NULL,
  ended_at       TEXT
);
`;
