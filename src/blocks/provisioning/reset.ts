// B11/B12 Reset of the station or of one EVSE. Immediate: Accepted, and once answered the
// affected transactions are ended (resetRequested) and the station reboots (B11.FR.03/04,
// B12.FR.02/04). OnIdle while a transaction runs: Scheduled, carried out when the last affected
// transaction has ended (B12.FR.01/03/07). The reason RemoteReset goes with the next boot.
//
//   idle ──Reset Immediate, or OnIdle without transaction──> Accepted ──after answer──> reset
//   idle ──Reset OnIdle with transaction──> Scheduled ──last affected transaction ends──> reset

import type { ResetRequest, ResetResponse } from '../../generated/ocpp201/index.js';
import type { Route } from '../../kernel/block.js';
import type { Connectors } from '../availability/index.js';
import type { SecurityEvents } from '../security/index.js';
import type { StationContext } from '../../kernel/context.js';

interface Target {
  /** undefined: the whole station. */
  evseId?: number;
}

/** The route of Reset itself; the block calls onTransactionChange on every `evseTransaction`. */
export class Resets implements Route<'Reset'> {
  private scheduled: Target | undefined;

  constructor(
    private readonly ctx: StationContext,
    private readonly connectors: Connectors,
    private readonly security: Pick<SecurityEvents, 'record'>,
  ) {}

  handle(request: ResetRequest): ResetResponse {
    const target = targetOf(request);
    if (target.evseId !== undefined && !this.connectors.has(target.evseId)) {
      return { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } };
    }
    if (request.type === 'OnIdle' && this.connectors.hasTransaction(target.evseId)) {
      // A station reset scheduled earlier covers an EVSE reset asked for now.
      if (this.scheduled === undefined || target.evseId === undefined) this.scheduled = target;
      return { status: 'Scheduled' }; // B12.FR.01
    }
    return { status: 'Accepted' }; // B11.FR.01, B12.FR.02
  }

  /** Runs once the ResetResponse has gone out. */
  after(request: ResetRequest, response: ResetResponse): void {
    if (response.status === 'Accepted') this.perform(request.type, targetOf(request), 'RemoteReset');
  }

  onTransactionChange(): void {
    const target = this.scheduled;
    if (target === undefined || this.connectors.hasTransaction(target.evseId)) return;
    this.scheduled = undefined;
    this.perform('OnIdle', target, 'ScheduledReset'); // TC_B_21: the reset waited for the transaction
  }

  private perform(type: ResetRequest['type'], target: Target, reason: 'RemoteReset' | 'ScheduledReset'): void {
    this.ctx.log.info({ type, evseId: target.evseId }, 'reset');
    // B12.FR.04/08: the transaction block ends the affected transactions (queued, B12.FR.05).
    this.ctx.events.emit('resetRequested', { type, ...target }, (error) => this.ctx.log.error({ err: error }, 'reset listener failed'));
    if (target.evseId !== undefined) return; // B11.FR.08: an EVSE has nothing else to reset here
    this.scheduled = undefined;
    this.security.record('ResetOrReboot', `Reset ${type}`);
    this.ctx.reboot(reason); // B11.FR.03/04, B12
  }
}

/** evseId 0 stands for the whole station, as in ChangeAvailability. */
const targetOf = (request: ResetRequest): Target => (request.evseId ? { evseId: request.evseId } : {});
