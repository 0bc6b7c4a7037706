// The simulated EV's contract certificate request (ISO 15118-2 CertificateInstallationReq /
// CertificateUpdateReq, -20 CertificateInstallationReq): an ISO 15118 EV set to
// `requestsContractInstall` asks a moment after it plugs in (the SECC has answered its session
// setup by then), Install when it holds no contract certificate, Update when it does. Its
// request is a stand-in EXI stream (the EXI header byte, then the request named in text), base64,
// as the charger's ISO 15118 stack would hand it over. The answer the station delivers back is
// recorded per EVSE; the EV does not decode the EXI.

import type { CertificateActionEnumType, Iso15118EVCertificateStatusEnumType } from '../../generated/ocpp201/index.js';
import type { Clock, TimerHandle } from '../../clock/clock.js';
import type { HardwareEvent } from '../hardware.js';
import type { EvSettings } from './evse-model.js';
import { LazyMap } from '../../collections/lazy.js';

/** What the EV got for its last request. */
export interface EvCertificateAnswer {
  action: CertificateActionEnumType;
  status: Iso15118EVCertificateStatusEnumType;
  exiResponse: string;
  /** ISO 8601, clock time of delivery. */
  at: string;
}

/** How long after plug-in the EV asks, ms. */
const REQUEST_DELAY_MS = 200;
/** EXI stream header: distinguishing bits 10, no options. */
const EXI_HEADER = 0x80;

const SCHEMA: Record<'ISO15118-2' | 'ISO15118-20', string> = {
  'ISO15118-2': 'urn:iso:15118:2:2013:MsgDef',
  'ISO15118-20': 'urn:iso:std:iso:15118:-20:CommonMessages',
};

export class EvCertificateRequests {
  private readonly timers = new LazyMap<number, TimerHandle>();
  private readonly asked = new LazyMap<number, CertificateActionEnumType>();
  private readonly answers = new LazyMap<number, EvCertificateAnswer>();

  constructor(
    private readonly clock: Clock,
    private readonly emit: (event: HardwareEvent) => void,
  ) {}

  /** The EV plugged in: it asks shortly, if it is an ISO 15118 EV set to. */
  plugged(evseId: number, ev: EvSettings): void {
    this.answers.delete(evseId); // a new session: the answer of the last one is gone
    if (ev.protocol === 'IEC61851' || !ev.requestsContractInstall) return;
    const protocol = ev.protocol;
    const action: CertificateActionEnumType = ev.contractCertificateChain ? 'Update' : 'Install';
    this.clock.clearTimeout(this.timers.get(evseId));
    this.timers.set(
      evseId,
      this.clock.setTimeout(() => {
        this.timers.delete(evseId);
        this.asked.set(evseId, action);
        const body = Buffer.concat([
          Buffer.from([EXI_HEADER]),
          Buffer.from(`Certificate${action === 'Install' ? 'Installation' : 'Update'}Req evse=${evseId}`),
        ]);
        this.emit({
          type: 'certificateRequest',
          evseId,
          action,
          iso15118SchemaVersion: SCHEMA[protocol],
          exiRequest: body.toString('base64'),
        });
      }, REQUEST_DELAY_MS),
    );
  }

  /** The EV left before asking: no request. */
  unplugged(evseId: number): void {
    this.clock.clearTimeout(this.timers.get(evseId));
    this.timers.delete(evseId);
  }

  deliver(evseId: number, status: Iso15118EVCertificateStatusEnumType, exiResponse: string): void {
    const action = this.asked.get(evseId) ?? 'Install';
    this.answers.set(evseId, { action, status, exiResponse, at: new Date(this.clock.now()).toISOString() });
  }

  /** The answer the EV at this EVSE got in its current (or last) session, or null. */
  answer(evseId: number): EvCertificateAnswer | null {
    return this.answers.get(evseId) ?? null;
  }

  close(): void {
    for (const timer of this.timers.values()) this.clock.clearTimeout(timer);
    this.timers.clear();
  }
}
