// What the security and network-profile cases share: TLS contexts for the test CSMS's wss://
// endpoints, the Basic Authorization header a station must send, the connectionData of a
// SetNetworkProfileRequest, and reading a device-model variable through GetVariables.

import { DEFAULT_CIPHERS, type SecureContextOptions } from 'node:tls';
import type { Pem } from '../../support/pki.js';
import type { StationLink } from './test-csms.js';

type Json = Record<string, unknown>;

/**
 * Reconnection after 1 s, without random part and without doubling: a lab sets the back-off so
 * that cases which make the station reconnect do not wait for minutes (Part 6 leaves it to the
 * configuration).
 */
export const FAST_RETRY = [
  'OCPPCommCtrlr/RetryBackOffWaitMinimum=1',
  'OCPPCommCtrlr/RetryBackOffRandomRange=0',
  'OCPPCommCtrlr/RetryBackOffRepeatTimes=0',
];

/** A server secure context with every TLS option spelled out, since a swap keeps what it does not name. */
export function secureContext(pem: Pem, extra: SecureContextOptions = {}): SecureContextOptions {
  return { cert: pem.cert, key: pem.key, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', ciphers: DEFAULT_CIPHERS, ...extra };
}

/** A00.FR.203-205: `Basic base64(<identity>:<BasicAuthPassword>)`. */
export function basicAuthorization(id: string, password: string): string {
  return `Basic ${Buffer.from(`${id}:${password}`, 'utf8').toString('base64')}`;
}

/** The connectionData of the tool's configured profile, at `url` with `securityProfile`. */
export function connectionData(url: string, securityProfile: number): Json {
  return { ocppVersion: 'OCPP20', ocppTransport: 'JSON', ocppCsmsUrl: url, messageTimeout: 30, securityProfile, ocppInterface: 'Wired0' };
}

/** GetVariables of one Actual value; its attributeValue. */
export async function getVariable(link: StationLink, component: string, variable: string): Promise<string | undefined> {
  const res = (await link.call('GetVariables', {
    getVariableData: [{ component: { name: component }, variable: { name: variable } }],
  })) as Json;
  return ((res.getVariableResult as Json[])[0] as Json).attributeValue as string | undefined;
}

/** SetVariables of one Actual value; its attributeStatus. */
export async function setVariable(link: StationLink, component: string, variable: string, attributeValue: string): Promise<string> {
  const res = (await link.call('SetVariables', {
    setVariableData: [{ component: { name: component }, variable: { name: variable }, attributeValue }],
  })) as Json;
  return String(((res.setVariableResult as Json[])[0] as Json).attributeStatus);
}

/**
 * The tool's two slots are 0 and 1 (errata 2025-04: it checks ActiveNetworkProfile and sets the
 * slot not in use). Returns [the slot to set, the active one].
 */
export async function slots(link: StationLink): Promise<[number, number]> {
  const active = Number(await getVariable(link, 'OCPPCommCtrlr', 'ActiveNetworkProfile'));
  return [active === 1 ? 0 : 1, active];
}
