// N. Variable monitors (N02–N08): the monitors set by the CSMS (SetVariableMonitoring) and the
// station's own preconfigured and hard-wired ones, kept across reboots (N04 remark, N07.FR.13).
// One row per monitor id. The component and variable are stored with '' for an absent instance
// and 0 for an absent EVSE/connector id, as the device-model tables do.

export const sql = `
CREATE TABLE monitors (
  -- VariableMonitoringType.id: given by the CSMS to replace a monitor (N04.FR.12), else generated (N04.FR.11)
  id                  INTEGER PRIMARY KEY,
  component           TEXT    NOT NULL,
  component_instance  TEXT    NOT NULL DEFAULT '',
  evse_id             INTEGER NOT NULL DEFAULT 0,
  connector_id        INTEGER NOT NULL DEFAULT 0,
  variable            TEXT    NOT NULL,
  variable_instance   TEXT    NOT NULL DEFAULT '',
  type                TEXT    NOT NULL CHECK (type IN ('UpperThreshold', 'LowerThreshold', 'Delta', 'Periodic', 'PeriodicClockAligned')),
  value               REAL    NOT NULL,
  severity            INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 9),
  -- active only while a transaction is ongoing (VariableMonitoringType.transaction)
  in_transaction      INTEGER NOT NULL DEFAULT 0,
  -- a preconfigured monitor the CSMS replaces becomes custom (N04.FR.15); a hard-wired one cannot change (N04.FR.18, N06.FR.03)
  origin              TEXT    NOT NULL CHECK (origin IN ('custom', 'preconfigured', 'hardwired')),
  -- a threshold monitor whose alert was reported and not yet cleared: cleared after a reboot too (N07.FR.14)
  tripped             INTEGER NOT NULL DEFAULT 0,
  -- a delta monitor's value when it was set or last reported (N07.FR.18/19)
  reference           TEXT
);
CREATE INDEX monitors_by_variable ON monitors (component, component_instance, evse_id, connector_id, variable, variable_instance);
`;
