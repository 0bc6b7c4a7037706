// The EV object of the control API (contract, additions 2026-12): what plugs in with
// POST /api/evses/<id>/plug and what POST /api/evses/<id>/ev changes. Every field is optional.
// The ISO 15118 fields describe an EV with high-level communication; an EV said to be IEC 61851
// in the same body cannot have them.

import type { EvProtocol } from '../hal/hardware.js';
import { HttpError, onlyFields, optionalBoolean, optionalNumber } from './request-body.js';

/** What the simulated EV takes (the hardware's EvControl). */
export interface EvChange {
  protocol?: EvProtocol;
  drawing?: boolean;
  maxPowerW?: number;
  socPercent?: number;
  batteryWh?: number;
  departureTime?: string;
  energyRequestWh?: number;
  emaid?: string;
  contractCertificateChain?: string;
  requestsContractInstall?: boolean;
}

const IEC_FIELDS = ['protocol', 'drawing', 'maxPowerW', 'socPercent', 'batteryWh'] as const;
const ISO_15118_FIELDS = ['departureTime', 'energyRequestWh', 'emaid', 'contractCertificateChain', 'requestsContractInstall'] as const;
const PROTOCOLS: readonly EvProtocol[] = ['IEC61851', 'ISO15118-2', 'ISO15118-20'];
/** IdTokenType.idToken is at most 36 characters (an eMAID is 14 to 18). */
const EMAID_MAX = 36;

export function evChange(body: Record<string, unknown>, where: string): EvChange {
  onlyFields(body, [...IEC_FIELDS, ...ISO_15118_FIELDS]);
  const protocol = body.protocol;
  if (protocol !== undefined && !PROTOCOLS.includes(protocol as EvProtocol)) {
    throw new HttpError(400, `${where}protocol must be one of ${PROTOCOLS.join(', ')}`);
  }
  const iso = ISO_15118_FIELDS.filter((f) => body[f] !== undefined);
  if (protocol === 'IEC61851' && iso.length > 0) {
    throw new HttpError(400, `${where}${iso.join(', ')}: only an ISO 15118 EV has these, not protocol IEC61851`);
  }
  const drawing = optionalBoolean(body, 'drawing', where);
  const maxPowerW = optionalNumber(body, 'maxPowerW', { above: 0 });
  const socPercent = optionalNumber(body, 'socPercent', { min: 0, max: 100 });
  const batteryWh = optionalNumber(body, 'batteryWh', { above: 0 });
  const energyRequestWh = optionalNumber(body, 'energyRequestWh', { above: 0 });
  const departureTime = optionalText(body, 'departureTime', where, 40);
  if (departureTime !== undefined && Number.isNaN(Date.parse(departureTime))) {
    throw new HttpError(400, `${where}departureTime must be a date and time (RFC 3339)`);
  }
  const emaid = optionalText(body, 'emaid', where, EMAID_MAX);
  const contractCertificateChain = optionalText(body, 'contractCertificateChain', where, 20_000);
  if (contractCertificateChain !== undefined && !contractCertificateChain.includes('-----BEGIN CERTIFICATE-----')) {
    throw new HttpError(400, `${where}contractCertificateChain must be PEM certificates, leaf first`);
  }
  const requestsContractInstall = optionalBoolean(body, 'requestsContractInstall', where);
  return {
    ...(protocol === undefined ? {} : { protocol: protocol as EvProtocol }),
    ...(drawing === undefined ? {} : { drawing }),
    ...(maxPowerW === undefined ? {} : { maxPowerW }),
    ...(socPercent === undefined ? {} : { socPercent }),
    ...(batteryWh === undefined ? {} : { batteryWh }),
    ...(departureTime === undefined ? {} : { departureTime }),
    ...(energyRequestWh === undefined ? {} : { energyRequestWh }),
    ...(emaid === undefined ? {} : { emaid }),
    ...(contractCertificateChain === undefined ? {} : { contractCertificateChain }),
    ...(requestsContractInstall === undefined ? {} : { requestsContractInstall }),
  };
}

function optionalText(body: Record<string, unknown>, field: string, where: string, maxLength: number): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new HttpError(400, `${where}${field} must be a string of 1 to ${maxLength} characters`);
  }
  return value;
}
