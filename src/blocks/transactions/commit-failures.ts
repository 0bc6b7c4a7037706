// E, faults: a step whose commit failed (the disk is full, SQLITE_FULL, or the database fails
// otherwise). Nothing of the step happened: the in-memory state, the TransactionEvents and the
// outputs stay as they were committed last. The station says so once (MemoryExhaustion for a full
// disk) and runs the engine again a while later; the transition then derives from the stored
// state and the hardware as it is then what the lost step would have done.

import type { TimerHandle } from '../../clock/clock.js';
import type { StationContext } from '../../kernel/context.js';
import { LazyMap } from '../../collections/lazy.js';
import type { Cause } from './transaction-types.js';

/** How long until the engine tries again to commit what the hardware shows. */
export const COMMIT_RETRY_MS = 10_000;

/** What the failures need of the transaction engine. */
export interface FailingEngine {
  readonly ctx: StationContext;
  /** Runs the engine again for the EVSE. */
  step(evseId: number, cause: Cause): void;
  /** A security event of the Part 2 appendix. */
  securityEvent(type: string, techInfo: string): void;
}

export class CommitFailures {
  private readonly retries = new LazyMap<number, TimerHandle>();
  private reported = false;

  constructor(private readonly engine: FailingEngine) {}

  failed(evseId: number, error: unknown): void {
    const full = (error as { code?: string } | undefined)?.code === 'SQLITE_FULL';
    const { ctx } = this.engine;
    ctx.log.error({ err: error, evseId }, full ? 'disk full: transaction step not committed' : 'transaction step not committed');
    if (full && !this.reported) {
      this.reported = true;
      this.engine.securityEvent('MemoryExhaustion', 'database full: transaction steps are not committed');
    }
    if (this.retries.has(evseId)) return;
    this.retries.set(
      evseId,
      ctx.clock.setTimeout(() => {
        this.retries.delete(evseId);
        this.engine.step(evseId, { kind: 'state' });
      }, COMMIT_RETRY_MS),
    );
  }

  committed(): void {
    this.reported = false;
  }

  stop(): void {
    for (const timer of this.retries.values()) this.engine.ctx.clock.clearTimeout(timer);
    this.retries.clear();
  }
}
