// M01/M02: the EV asks, over ISO 15118, for its contract certificate to be installed
// (CertificateInstallationReq) or updated (CertificateUpdateReq). The station forwards the EXI
// request untouched in a Get15118EVCertificateRequest (M01.FR.01, M02.FR.01) and hands the CSMS's
// EXI answer back to the EV's session. No answer (CALLERROR, timeout, offline) is Failed for the
// EV. With ISO15118Ctrlr.ContractCertificateInstallationEnabled false the station forwards
// nothing and the EV is told Failed.

import type { HardwareEvent } from '../../hal/hardware.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { StationContext } from '../../kernel/context.js';

type CertificateRequest = Extract<HardwareEvent, { type: 'certificateRequest' }>;

export async function forwardEvCertificateRequest(ctx: StationContext, event: CertificateRequest): Promise<void> {
  const deliver = (status: 'Accepted' | 'Failed', exiResponse: string): void =>
    ctx.hal.deliverCertificate?.(event.evseId, status, exiResponse);
  if (ctx.dm.getBool(DM.ISO15118Ctrlr.ContractCertificateInstallationEnabled) === false) {
    ctx.log.info({ evseId: event.evseId }, 'contract certificate installation disabled; EV certificate request not forwarded');
    deliver('Failed', '');
    return;
  }
  try {
    const response = await ctx.call('Get15118EVCertificate', {
      iso15118SchemaVersion: event.iso15118SchemaVersion,
      action: event.action,
      exiRequest: event.exiRequest,
    });
    if (response.status !== 'Accepted')
      ctx.log.warn({ evseId: event.evseId, statusInfo: response.statusInfo }, 'EV certificate request failed at the CSMS');
    deliver(response.status, response.exiResponse);
  } catch (error) {
    ctx.log.warn({ err: error, evseId: event.evseId }, 'Get15118EVCertificate not answered');
    deliver('Failed', '');
  }
}
