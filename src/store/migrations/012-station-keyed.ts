// Every table keyed by station, so that one database can hold a whole fleet (one file for
// thousands of virtual stations instead of thousands of files). A station's own database keeps
// its rows under the station ''. The device model keeps only what differs from the seeds:
// the seeds are the same for every station and live in memory once per process.

const rekey = (table: string, columns: string): string => `
CREATE TABLE ${table}_keyed (station TEXT NOT NULL DEFAULT '', ${columns});
INSERT INTO ${table}_keyed SELECT '', * FROM ${table};
DROP TABLE ${table};
ALTER TABLE ${table}_keyed RENAME TO ${table};`;

export const sql = `
CREATE TABLE variable_values (
  station             TEXT    NOT NULL DEFAULT '',
  component           TEXT    NOT NULL COLLATE NOCASE,
  component_instance  TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
  evse_id             INTEGER NOT NULL DEFAULT 0,
  connector_id        INTEGER NOT NULL DEFAULT 0,
  variable            TEXT    NOT NULL COLLATE NOCASE,
  variable_instance   TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
  type                TEXT    NOT NULL CHECK (type IN ('Actual', 'Target', 'MinSet', 'MaxSet')),
  value               TEXT,
  -- who set it: the station itself (--set, its own state) or the CSMS (kept over --set)
  source              TEXT    NOT NULL CHECK (source IN ('local', 'csms')),
  PRIMARY KEY (station, component, component_instance, evse_id, connector_id, variable, variable_instance, type)
) WITHOUT ROWID;
-- Values a seed gave, and values that do not persist (they start afresh), are the seeds' again.
INSERT INTO variable_values
  SELECT '', v.component, v.component_instance, v.evse_id, v.connector_id, v.variable, v.variable_instance, a.type, a.value, a.source
  FROM variables v JOIN variable_attributes a ON a.variable_id = v.id
  WHERE a.source != 'seed' AND a.persistent = 1;
DROP TABLE variable_attributes;
DROP TABLE variables;
${rekey('station_state', 'key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (station, key)')}
${rekey(
  'outbox',
  `seq INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL UNIQUE, action TEXT NOT NULL, payload TEXT NOT NULL,
   kind TEXT NOT NULL CHECK (kind IN ('transaction', 'other')), droppable INTEGER NOT NULL DEFAULT 0,
   attempts INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL`,
)}
CREATE INDEX outbox_by_station ON outbox (station, seq);
CREATE INDEX outbox_droppable ON outbox (station, droppable, kind, seq);
${rekey(
  'auth_cache',
  `token_hash TEXT NOT NULL, status TEXT NOT NULL, info TEXT NOT NULL, expires_at INTEGER, updated_at INTEGER NOT NULL,
   used_at INTEGER NOT NULL, bytes INTEGER NOT NULL, PRIMARY KEY (station, token_hash)`,
)}
CREATE INDEX auth_cache_used_at ON auth_cache (station, used_at);
${rekey('tx_evse', 'evse_id INTEGER NOT NULL, state TEXT NOT NULL, PRIMARY KEY (station, evse_id)')}
${rekey(
  'tx_history',
  'transaction_id TEXT NOT NULL, evse_id INTEGER NOT NULL, started_at TEXT NOT NULL, ended_at TEXT, PRIMARY KEY (station, transaction_id)',
)}
${rekey(
  'local_auth_list',
  'token_hash TEXT NOT NULL, status TEXT NOT NULL, info TEXT NOT NULL, bytes INTEGER NOT NULL, PRIMARY KEY (station, token_hash)',
)}
CREATE TABLE local_auth_list_version_keyed (station TEXT PRIMARY KEY, version INTEGER NOT NULL);
INSERT INTO local_auth_list_version_keyed SELECT '', version FROM local_auth_list_version;
DROP TABLE local_auth_list_version;
ALTER TABLE local_auth_list_version_keyed RENAME TO local_auth_list_version;
${rekey(
  'reservations',
  `id INTEGER NOT NULL, expiry_at TEXT NOT NULL, id_token TEXT NOT NULL, group_id_token TEXT, evse_id INTEGER,
   connector_type TEXT, PRIMARY KEY (station, id)`,
)}
${rekey(
  'display_messages',
  `id INTEGER NOT NULL, priority TEXT NOT NULL CHECK (priority IN ('AlwaysFront', 'InFront', 'NormalCycle')), state TEXT,
   starts_at INTEGER, ends_at INTEGER, transaction_id TEXT, info TEXT NOT NULL, set_at INTEGER NOT NULL, PRIMARY KEY (station, id)`,
)}
${rekey(
  'charging_profiles',
  `id INTEGER NOT NULL, evse_id INTEGER NOT NULL, purpose TEXT NOT NULL, stack_level INTEGER NOT NULL, transaction_id TEXT,
   profile TEXT NOT NULL, set_at INTEGER NOT NULL, PRIMARY KEY (station, id)`,
)}
${rekey(
  'certificates',
  `id INTEGER PRIMARY KEY,
   type TEXT NOT NULL CHECK (type IN ('CSMSRootCertificate', 'ManufacturerRootCertificate', 'V2GRootCertificate', 'MORootCertificate')),
   fingerprint TEXT NOT NULL, pem TEXT NOT NULL, installed_at INTEGER NOT NULL, UNIQUE (station, type, fingerprint)`,
)}
${rekey(
  'monitors',
  `id INTEGER NOT NULL, component TEXT NOT NULL, component_instance TEXT NOT NULL DEFAULT '', evse_id INTEGER NOT NULL DEFAULT 0,
   connector_id INTEGER NOT NULL DEFAULT 0, variable TEXT NOT NULL, variable_instance TEXT NOT NULL DEFAULT '',
   type TEXT NOT NULL CHECK (type IN ('UpperThreshold', 'LowerThreshold', 'Delta', 'Periodic', 'PeriodicClockAligned')),
   value REAL NOT NULL, severity INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 9), in_transaction INTEGER NOT NULL DEFAULT 0,
   origin TEXT NOT NULL CHECK (origin IN ('custom', 'preconfigured', 'hardwired')), tripped INTEGER NOT NULL DEFAULT 0,
   reference TEXT, PRIMARY KEY (station, id)`,
)}
CREATE INDEX monitors_by_variable ON monitors (station, component, component_instance, evse_id, connector_id, variable, variable_instance);
`;
