// M. The station's certificate store: the root certificates the CSMS installed (M05) or the
// command line gave, by certificate type, kept across reboots. One row per certificate and type;
// `fingerprint` (SHA-256 of the DER, hex) makes installing the same certificate again replace it
// (M05.FR.17). `installed_at` is epoch milliseconds, station time.

export const sql = `
CREATE TABLE certificates (
  id            INTEGER PRIMARY KEY,
  type          TEXT    NOT NULL CHECK (type IN ('CSMSRootCertificate', 'ManufacturerRootCertificate', 'V2GRootCertificate', 'MORootCertificate')),
  fingerprint   TEXT    NOT NULL,
  pem           TEXT    NOT NULL,
  installed_at  INTEGER NOT NULL,
  UNIQUE (type, fingerprint)
);
`;
