// Device model storage (Part 1 §4, Part 2 "Device model"). One row per component-variable
// with its characteristics, and one row per attribute (Actual, Target, MinSet, MaxSet) of it.
// Names compare case-insensitively, as ComponentType/VariableType say they are.
// Absent instances are '' and absent evse/connector ids are 0 (real ids start at 1), so the
// UNIQUE key also holds for them (NULLs would never compare equal).

export const sql = `
CREATE TABLE variables (
  id                  INTEGER PRIMARY KEY,
  component           TEXT    NOT NULL COLLATE NOCASE,
  component_instance  TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
  evse_id             INTEGER NOT NULL DEFAULT 0,
  connector_id        INTEGER NOT NULL DEFAULT 0,
  variable            TEXT    NOT NULL COLLATE NOCASE,
  variable_instance   TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
  data_type           TEXT    NOT NULL,
  unit                TEXT,
  min_limit           REAL,
  max_limit           REAL,
  values_list         TEXT,
  supports_monitoring INTEGER NOT NULL DEFAULT 0,
  reboot_required     INTEGER NOT NULL DEFAULT 0,
  UNIQUE (component, component_instance, evse_id, connector_id, variable, variable_instance)
);

CREATE TABLE variable_attributes (
  variable_id INTEGER NOT NULL REFERENCES variables (id) ON DELETE CASCADE,
  type        TEXT    NOT NULL CHECK (type IN ('Actual', 'Target', 'MinSet', 'MaxSet')),
  value       TEXT,
  mutability  TEXT    NOT NULL CHECK (mutability IN ('ReadOnly', 'WriteOnly', 'ReadWrite')),
  persistent  INTEGER NOT NULL DEFAULT 1,
  constant    INTEGER NOT NULL DEFAULT 0,
  -- who wrote the value: the seed files, the station itself or --set, or the CSMS
  source      TEXT    NOT NULL CHECK (source IN ('seed', 'local', 'csms')),
  PRIMARY KEY (variable_id, type)
) WITHOUT ROWID;
`;
