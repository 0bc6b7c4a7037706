// The local CSMS has no contract certificate pool (no Mobility Operator PKI): for M01/M02 it
// answers an EV's CertificateInstallationReq / CertificateUpdateReq with a stand-in EXI stream,
// the EXI header byte and the response named in text, base64. An EV's ISO 15118 stack would not
// accept it as a certificate; it lets the station's forwarding and the EV's side be exercised.

import type { CertificateActionEnumType } from '../generated/ocpp201/index.js';

/** EXI stream header: distinguishing bits 10, no options. */
const EXI_HEADER = 0x80;

export function standInExiResponse(action: CertificateActionEnumType): string {
  const name = action === 'Install' ? 'CertificateInstallationRes' : 'CertificateUpdateRes';
  return Buffer.concat([Buffer.from([EXI_HEADER]), Buffer.from(`${name} ResponseCode=OK (stand-in)`)]).toString('base64');
}
