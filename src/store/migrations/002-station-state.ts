// Small facts that must survive a reboot and are not device-model variables: the reason of the
// next boot (B11/B12 Reset), availability set by ChangeAvailability (G03.FR.08, G04.FR.09), ...
// One key, one JSON value.

export const sql = `
CREATE TABLE station_state (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
`;
