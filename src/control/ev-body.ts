// The EV object of the control API (contract, additions 2026-12): what plugs in with
// POST /api/evses/<id>/plug and what POST /api/evses/<id>/ev changes. Every field is optional.
// The simulated EV is an IEC 61851 EV; the ISO 15118 fields are refused with a reason until the
// station has an ISO 15118 EV, rather than accepted and silently ignored.

import { HttpError, onlyFields, optionalNumber } from './request-body.js';

/** What the simulated EV takes (the hardware's EvControl). */
export interface EvChange {
  drawing?: boolean;
  maxPowerW?: number;
  socPercent?: number;
  batteryWh?: number;
}

const IEC_FIELDS = ['protocol', 'drawing', 'maxPowerW', 'socPercent', 'batteryWh'] as const;
const ISO_15118_FIELDS = ['departureTime', 'energyRequestWh', 'emaid', 'contractCertificateChain', 'requestsContractInstall'] as const;
const PROTOCOLS = ['IEC61851', 'ISO15118-2', 'ISO15118-20'];

export function evChange(body: Record<string, unknown>, where: string): EvChange {
  onlyFields(body, [...IEC_FIELDS, ...ISO_15118_FIELDS]);
  const protocol = body.protocol;
  if (protocol !== undefined && (typeof protocol !== 'string' || !PROTOCOLS.includes(protocol))) {
    throw new HttpError(400, `${where}protocol must be one of ${PROTOCOLS.join(', ')}`);
  }
  const iso = ISO_15118_FIELDS.filter((f) => body[f] !== undefined);
  if ((protocol !== undefined && protocol !== 'IEC61851') || iso.length > 0) {
    throw new HttpError(
      400,
      `${where}${iso.length ? iso.join(', ') : `protocol ${protocol}`}: this station simulates IEC 61851 EVs only, not ISO 15118`,
    );
  }
  const drawing = body.drawing;
  if (drawing !== undefined && typeof drawing !== 'boolean') throw new HttpError(400, `${where}drawing must be true or false`);
  const maxPowerW = optionalNumber(body, 'maxPowerW', { above: 0 });
  const socPercent = optionalNumber(body, 'socPercent', { min: 0, max: 100 });
  const batteryWh = optionalNumber(body, 'batteryWh', { above: 0 });
  return {
    ...(drawing === undefined ? {} : { drawing }),
    ...(maxPowerW === undefined ? {} : { maxPowerW }),
    ...(socPercent === undefined ? {} : { socPercent }),
    ...(batteryWh === undefined ? {} : { batteryWh }),
  };
}
