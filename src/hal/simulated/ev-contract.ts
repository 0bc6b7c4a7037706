// The simulated EV's ISO 15118 session, as far as authorization goes: an EV with a contract
// (eMAID and contract certificate chain) presents it a moment after it plugs in (C07, the
// PaymentDetailsReq of Plug & Charge); whatever authorizes it, contract or card, the station tells
// it the outcome (AuthorizationRes), and only an authorized session takes energy; the driver may
// have the EV end the session (SessionStopReq Terminate, E15). An IEC 61851 EV has no session.

import type { Clock, TimerHandle } from '../../clock/clock.js';
import type { HardwareEvent } from '../hardware.js';
import type { EvseModel } from './evse-model.js';
import { LazyMap } from '../../collections/lazy.js';

/** How long after plug-in the EV presents its contract (SLAC, session setup, service discovery). */
export const CONTRACT_DELAY_MS = 200;

export class EvContracts {
  private readonly pending = new LazyMap<number, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly emit: (event: HardwareEvent) => void,
    private readonly delayMs = CONTRACT_DELAY_MS,
  ) {}

  /** The EV plugged in: an ISO 15118 EV with a contract presents it a moment later. */
  plugged(evse: EvseModel): void {
    evse.sessionAuthorized = false;
    const { protocol, emaid, contractCertificateChain } = evse.ev;
    if (protocol === 'IEC61851' || emaid === undefined || contractCertificateChain === undefined) return;
    const evseId = evse.id;
    this.cancel(evseId);
    this.pending.set(
      evseId,
      this.clock.setTimeout(() => {
        this.pending.delete(evseId);
        if (evse.plugged === null) return;
        this.emit({ type: 'contract', evseId, emaid, certificateChain: contractCertificateChain });
      }, this.delayMs),
    );
  }

  /** The session ends with the cable. */
  unplugged(evse: EvseModel): void {
    this.cancel(evse.id);
    evse.sessionAuthorized = false;
  }

  /** AuthorizationRes: an ISO 15118 EV takes energy only while its session is authorized. */
  authorizationResult(evse: EvseModel, accepted: boolean): void {
    if (evse.plugged === null) return;
    evse.sessionAuthorized = accepted;
  }

  /** E15: the EV ends its session (SessionStopReq Terminate); it stops drawing at once. */
  sessionStop(evse: EvseModel): void {
    if (evse.plugged === null) throw new Error(`no EV is plugged into EVSE ${evse.id}`);
    if (evse.ev.protocol === 'IEC61851') throw new Error(`the EV at EVSE ${evse.id} has no ISO 15118 session to stop`);
    this.cancel(evse.id);
    evse.sessionAuthorized = false;
    this.emit({ type: 'sessionStop', evseId: evse.id });
  }

  close(): void {
    for (const timer of this.pending.values()) this.clock.clearTimeout(timer);
    this.pending.clear();
  }

  private cancel(evseId: number): void {
    this.clock.clearTimeout(this.pending.get(evseId));
    this.pending.delete(evseId);
  }
}
