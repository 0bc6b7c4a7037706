// L01/L02 UpdateFirmware: the answer, then (after-hook) the update starts.
//   Rejected           the hardware cannot install firmware, the location is not an HTTP(S) URL,
//                      or an install has begun and cannot be canceled (L01.FR.27)
//   InvalidCertificate the signing certificate is missing, invalid or not from a manufacturer
//                      root (L01.FR.21/22), with the security event (L01.FR.02)
//   AcceptedCanceled   an update was running; it is canceled (L01.FR.24/L02.FR.15)
//   Accepted           otherwise
// The manufacturer roots are read at each request. With one installed (or when secure-only), every
// update needs a signing certificate (TC_L_18: refused without); with none, only unsigned (L02).
// RevokedCertificate is never answered: the station has no revocation information.

import type { UpdateFirmwareRequest, UpdateFirmwareResponse } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { SUPPORTED_SCHEMES } from './download.js';
import { DEFAULT_RETRIES, DEFAULT_RETRY_INTERVAL_S, manufacturerRoots, secureUpdates, type FirmwareUpdates } from './firmware-update.js';
import { checkSigningCertificate } from './signature.js';

export function updateFirmware(request: UpdateFirmwareRequest, ctx: StationContext, updates: FirmwareUpdates): UpdateFirmwareResponse {
  if (!ctx.hal.installFirmware) return { status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedRequest' } };
  if (!supportedLocation(request.firmware.location)) return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidURL' } };
  if (updates.installing) return { status: 'Rejected', statusInfo: { reasonCode: 'InstallInProgress' } }; // L01.FR.27
  const { signingCertificate } = request.firmware;
  // L01: a station that does secure updates refuses one without signing certificate (TC_L_18).
  if (signingCertificate !== undefined || secureUpdates(updates.deps)) {
    const verdict = checkSigningCertificate(signingCertificate ?? '', manufacturerRoots(updates.deps), ctx.now());
    if (!verdict.valid) {
      updates.deps.securityEvent('InvalidFirmwareSigningCertificate', verdict.reason); // L01.FR.02
      return { status: 'InvalidCertificate', statusInfo: { reasonCode: 'InvalidCertificate', additionalInfo: verdict.reason } }; // L01.FR.22
    }
  }
  return { status: updates.state.phase === 'Idle' ? 'Accepted' : 'AcceptedCanceled' };
}

/** Once the answer is out: the update runs. */
export function afterUpdateFirmware(request: UpdateFirmwareRequest, response: UpdateFirmwareResponse, updates: FirmwareUpdates): void {
  if (response.status !== 'Accepted' && response.status !== 'AcceptedCanceled') return;
  const job = {
    requestId: request.requestId,
    firmware: request.firmware,
    retryIntervalS: request.retryInterval ?? DEFAULT_RETRY_INTERVAL_S,
  };
  updates.start(job, request.retries ?? DEFAULT_RETRIES);
}

function supportedLocation(location: string): boolean {
  try {
    return SUPPORTED_SCHEMES.has(new URL(location).protocol);
  } catch {
    return false;
  }
}
