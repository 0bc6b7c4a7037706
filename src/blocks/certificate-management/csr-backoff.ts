// A02.FR.17-20, for every kind of certificate the station asks for: once the CSMS accepted a
// SignCertificateRequest, the station waits CertSigningWaitMinimum for the certificate, then
// sends the same CSR again, doubling the wait each time, CertSigningRepeatTimes doublings at most;
// then nothing more until the CSMS asks (TriggerMessage). A certificate that came, or one that
// was refused (A02.FR.20), ends the wait.

import type { TimerHandle } from '../../clock/clock.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { StationContext } from '../../kernel/context.js';

export interface CsrResend {
  /** Sends the CSR again; true when the CSMS accepted it. */
  send(): Promise<boolean>;
  /** Whether the CSR still waits for its certificate. */
  waiting(): boolean;
}

export class CsrBackoff {
  private timer: TimerHandle | undefined;
  private resends = 0;
  private stopped = false;

  constructor(private readonly ctx: StationContext) {}

  /** A new CSR was sent (A02.FR.19/20: the count starts anew); `accepted`: the CSMS took it, so wait for it. */
  sent(accepted: boolean, resend: CsrResend): void {
    this.cancel();
    this.resends = 0;
    if (accepted) this.arm(resend);
  }

  /** The certificate came, or was refused: no resend. */
  cancel(): void {
    this.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  private arm(resend: CsrResend): void {
    const repeatTimes = this.ctx.dm.getInt(DM.SecurityCtrlr.CertSigningRepeatTimes) ?? 3;
    const waitMinimumS = this.ctx.dm.getInt(DM.SecurityCtrlr.CertSigningWaitMinimum) ?? 60;
    if (this.stopped || this.resends > repeatTimes) return; // A02.FR.19
    this.timer = this.ctx.clock.setTimeout(
      () => {
        this.timer = undefined;
        if (!resend.waiting()) return;
        this.resends++;
        void resend.send().then((accepted) => accepted && this.arm(resend));
      },
      waitMinimumS * 1000 * 2 ** this.resends,
    );
  }
}
