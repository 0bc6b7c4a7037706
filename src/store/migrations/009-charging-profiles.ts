// K. Charging profiles the CSMS set (SetChargingProfile), persistent across reboots (K01.FR.27).
// One row per profile id; `profile` is the ChargingProfileType as received, the other columns are
// what the station selects, replaces and clears on. A TxProfile keeps its transaction id and is
// removed when that transaction ends.

export const sql = `
CREATE TABLE charging_profiles (
  id              INTEGER PRIMARY KEY,
  evse_id         INTEGER NOT NULL,
  purpose         TEXT    NOT NULL,
  stack_level     INTEGER NOT NULL,
  transaction_id  TEXT,
  profile         TEXT    NOT NULL,
  -- station time of the SetChargingProfile, epoch ms
  set_at          INTEGER NOT NULL
);
`;
